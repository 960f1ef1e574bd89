// SPDX-License-Identifier: MIT
function later(code) {
  setTimeout("refresh(" + code + ")", 1000); // expect: js-string-timer
}

function poll(id) {
  return setInterval("check('" + id + "')", 5000); // expect: js-string-timer
}
