// SPDX-License-Identifier: MIT
function newSessionId() {
  return crypto.randomUUID();
}

function jitter(ms) {
  return ms + Math.random() * 100;
}
