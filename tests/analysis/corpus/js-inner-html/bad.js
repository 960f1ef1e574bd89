// SPDX-License-Identifier: MIT
function show(el, comment) {
  el.innerHTML = "<p>" + comment.text + "</p>"; // expect: js-inner-html
  el.outerHTML = comment.html; // expect: js-inner-html
}
