// SPDX-License-Identifier: MIT
function banner(name) {
  document.write("<h1>" + name + "</h1>"); // expect: js-document-write
}
