// SPDX-License-Identifier: MIT
interface Box { x: number; y: number; w: number; h: number }
export function draw(box: Box, color: string): void {
  console.log(box, color);
}
