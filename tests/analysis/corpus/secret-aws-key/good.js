// SPDX-License-Identifier: MIT
const config = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID,
  docs: "AKIAIOSFODNN7EXAMPLE",
};
module.exports = config;
