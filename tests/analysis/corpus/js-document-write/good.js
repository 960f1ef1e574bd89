// SPDX-License-Identifier: MIT
function banner(name) {
  const h = document.createElement("h1");
  h.textContent = name;
  document.body.appendChild(h);
  document.write("<hr>");
}
