// SPDX-License-Identifier: MIT
function route(x) { // expect: complexity-very-high
  if (x === 0) return 0;
  if (x === 1) return 1;
  if (x === 2) return 2;
  if (x === 3) return 3;
  if (x === 4) return 4;
  if (x === 5) return 5;
  if (x === 6) return 6;
  if (x === 7) return 7;
  if (x === 8) return 8;
  if (x === 9) return 9;
  if (x === 10) return 10;
  if (x === 11) return 11;
  if (x === 12) return 12;
  if (x === 13) return 13;
  if (x === 14) return 14;
  if (x === 15) return 15;
  if (x === 16) return 16;
  if (x === 17) return 17;
  if (x === 18) return 18;
  if (x === 19) return 19;
  if (x === 20) return 20;
  if (x === 21) return 21;
  if (x === 22) return 22;
  if (x === 23) return 23;
  if (x === 24) return 24;
  if (x === 25) return 25;
  if (x === 26) return 26;
  if (x === 27) return 27;
  if (x === 28) return 28;
  if (x === 29) return 29;
  if (x === 30) return 30;
  if (x === 31) return 31;
  return -1;
}
