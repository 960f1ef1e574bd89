// SPDX-License-Identifier: MIT
function compile() {
  const handlers = { double: (x) => x * 2 };
  return handlers.double;
}
