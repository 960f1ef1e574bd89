// SPDX-License-Identifier: MIT
// Example for `aurelis analyze`: an Express-style handler with real flaws in it
// (SQL in a template literal, a shell command built from input, a guessable token).
const { exec } = require("child_process");

async function getOrders(db, req, res) {
  const rows = await db.query(`SELECT * FROM orders WHERE customer = '${req.query.customer}'`);
  res.json(rows);
}

function makeThumbnail(req, res) {
  exec(`convert uploads/${req.params.file} -resize 128x128 thumbs/${req.params.file}`, (err) => {
    res.sendStatus(err ? 500 : 204);
  });
}

function newResetToken() {
  const resetToken = Math.random().toString(36).slice(2);
  return resetToken;
}

module.exports = { getOrders, makeThumbnail, newResetToken };
