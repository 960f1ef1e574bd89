// SPDX-License-Identifier: MIT
const config = {
  accessKeyId: "AKIAUVW53EFR4EDT2SYW", // expect: secret-aws-key
  region: "eu-west-1",
};
module.exports = config;
