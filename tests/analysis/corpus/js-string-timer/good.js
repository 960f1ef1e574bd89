// SPDX-License-Identifier: MIT
function later(code) {
  setTimeout(() => refresh(code), 1000);
}

function poll(id) {
  return setInterval(() => check(id), 5000);
}

function pollWith(id) {
  return setInterval(check, 5000, id);
}
