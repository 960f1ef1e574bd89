// SPDX-License-Identifier: MIT
export function total(xs: number[]): number {
  const debuggerEnabled = false; // "debugger" only as a word
  return xs.reduce((a, b) => a + b, 0) + (debuggerEnabled ? 1 : 0);
}
