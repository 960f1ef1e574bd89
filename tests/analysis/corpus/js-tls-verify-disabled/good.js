// SPDX-License-Identifier: MIT
const https = require("https");
const fs = require("fs");

const agent = new https.Agent({ rejectUnauthorized: true, ca: fs.readFileSync("ca.pem") });
module.exports = agent;
