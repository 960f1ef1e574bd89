// SPDX-License-Identifier: MIT
function add(list, item) {
  list.insertAdjacentHTML("beforeend", "<li class='sep'></li>");
  list.insertAdjacentText("beforeend", item.name);
}
