# SPDX-License-Identifier: MIT
DATABASE_URL = "postgres://app:Zr82kLq0@db.internal:5432/app"  # expect: secret-url-credentials
