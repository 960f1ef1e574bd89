# SPDX-License-Identifier: MIT
import os

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db:5432/app")
DOCS = "https://user:password@example.com/"
