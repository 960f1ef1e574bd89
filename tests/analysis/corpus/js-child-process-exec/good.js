// SPDX-License-Identifier: MIT
const { execFile } = require("child_process");

function thumbnail(file) {
  execFile("convert", [file, "-resize", "64x64", "thumb.png"]);
  const re = /(\d+)x(\d+)/;
  return re.exec(`${file}`);
}
