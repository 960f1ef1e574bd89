// SPDX-License-Identifier: MIT
function add(list, item) {
  list.insertAdjacentHTML("beforeend", `<li>${item.name}</li>`); // expect: js-insert-adjacent-html
}
