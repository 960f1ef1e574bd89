// SPDX-License-Identifier: MIT
function newSessionId() {
  const sessionId = Math.random().toString(36).slice(2); // expect: js-math-random-security
  return sessionId;
}
