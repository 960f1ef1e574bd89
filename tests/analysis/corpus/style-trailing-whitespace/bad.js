// SPDX-License-Identifier: MIT
const a = 1;   // expect: style-trailing-whitespace   
module.exports = a;
