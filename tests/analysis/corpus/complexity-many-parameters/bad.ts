// SPDX-License-Identifier: MIT
export function draw( // expect: complexity-many-parameters
  x: number, y: number, w: number, h: number,
  color: string, border: number, radius: number, shadow: boolean,
): void {
  console.log(x, y, w, h, color, border, radius, shadow);
}
