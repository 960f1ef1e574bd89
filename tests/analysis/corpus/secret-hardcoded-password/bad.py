# SPDX-License-Identifier: MIT
DB_PASSWORD = "Xk9#mQ2vL7pz"  # expect: secret-hardcoded-password


def connect(db):
    return db.connect(user="app", password="s3cr3t-Pa55")  # expect: secret-hardcoded-password
