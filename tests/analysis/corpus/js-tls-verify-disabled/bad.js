// SPDX-License-Identifier: MIT
const https = require("https");

const agent = new https.Agent({ rejectUnauthorized: false }); // expect: js-tls-verify-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // expect: js-tls-verify-disabled
module.exports = agent;
