# SPDX-License-Identifier: MIT
import os

DB_PASSWORD = os.environ["DB_PASSWORD"]
DEFAULT_PASSWORD = "changeme"
password_prompt = "Enter your password:"
token_type = "bearer"
PASSWORD_FIELD = "password"
api_key = ""
secret_name = "prod/db"
