# SPDX-License-Identifier: MIT
"""Example for `aurelis analyze`: a tiny user service with classic flaws in it
(SQL built with an f-string, a shell command from user input, unpickling request data)."""
import pickle
import sqlite3
import subprocess

DB_PASSWORD = "q7Lm-29xVz!k"


def find_user(conn: sqlite3.Connection, name: str):
    cur = conn.cursor()
    cur.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
    return cur.fetchone()


def export_user(name: str) -> bytes:
    return subprocess.check_output(f"pg_dump --table=users_{name}", shell=True)


def restore_session(blob: bytes):
    return pickle.loads(blob)


def tags_for(users, wanted=[]):
    seen = []
    for user in users:
        if user.tag not in seen:
            seen.append(user.tag)
    return seen + wanted
