// SPDX-License-Identifier: MIT
const a = 1;

module.exports = a;
