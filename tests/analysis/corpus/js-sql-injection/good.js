// SPDX-License-Identifier: MIT
async function findUser(db, name, sql) {
  const rows = await db.query("SELECT * FROM users WHERE name = ?", [name]);
  const more = await db.query(sql`SELECT * FROM users WHERE name = ${name}`);
  return rows.concat(more);
}
