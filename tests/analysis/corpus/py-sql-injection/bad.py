# SPDX-License-Identifier: MIT
def find_user(cursor, name, uid):
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")  # expect: py-sql-injection
    cursor.execute("SELECT * FROM users WHERE id = %s" % uid)  # expect: py-sql-injection
    query = "DELETE FROM users WHERE name = '" + name + "'"
    cursor.execute(query)  # expect: py-sql-injection
    cursor.execute("SELECT * FROM t WHERE a = {}".format(name))  # expect: py-sql-injection
