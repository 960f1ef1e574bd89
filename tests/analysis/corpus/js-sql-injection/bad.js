// SPDX-License-Identifier: MIT
async function findUser(db, name) {
  const rows = await db.query(`SELECT * FROM users WHERE name = '${name}'`); // expect: js-sql-injection
  await db.query("DELETE FROM sessions WHERE user = '" + name + "'"); // expect: js-sql-injection
  return rows;
}
