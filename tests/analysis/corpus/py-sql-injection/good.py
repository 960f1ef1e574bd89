# SPDX-License-Identifier: MIT
def find_user(cursor, name, uid):
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    cursor.execute("SELECT * FROM users WHERE id = ?", [uid])
    query = "SELECT count(*) FROM users"
    cursor.execute(query)
    return cursor.fetchall()
