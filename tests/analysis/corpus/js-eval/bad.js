// SPDX-License-Identifier: MIT
function calc(expr) {
  return eval(expr); // expect: js-eval
}
