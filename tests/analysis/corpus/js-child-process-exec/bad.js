// SPDX-License-Identifier: MIT
const { exec } = require("child_process");
const cp = require("node:child_process");

function thumbnail(file) {
  exec(`convert ${file} -resize 64x64 thumb.png`); // expect: js-child-process-exec
  cp.execSync("rm -rf " + file); // expect: js-child-process-exec
}
