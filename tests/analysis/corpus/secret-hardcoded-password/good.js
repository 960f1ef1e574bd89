// SPDX-License-Identifier: MIT
const password = process.env.PASSWORD;
const secretHeader = "X-Secret";
const tokenUrl = "https://example.com/oauth/token";
module.exports = { password, secretHeader, tokenUrl };
