// SPDX-License-Identifier: MIT
function show(el, comment) {
  el.innerHTML = "<p class='empty'></p>";
  el.textContent = comment.text;
}

function clear(el) {
  el.outerHTML = "<div class='gone'></div>";
}
