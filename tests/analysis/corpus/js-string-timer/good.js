// SPDX-License-Identifier: MIT
function later(code) {
  setTimeout(() => refresh(code), 1000);
}
