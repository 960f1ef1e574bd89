// SPDX-License-Identifier: MIT
const TABLE = new Map([[1, 1], [2, 2]]);
function route(x) {
  return TABLE.get(x) ?? -1;
}
