// SPDX-License-Identifier: MIT
export function total(xs: number[]): number {
  debugger; // expect: js-debugger
  return xs.reduce((a, b) => a + b, 0);
}
