// SPDX-License-Identifier: MIT
function compile(body) {
  return new Function("x", body); // expect: js-new-function
}
