#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
DB_PASSWORD=Hq7-xP2w9Lm # expect: secret-hardcoded-password
echo "$DB_PASSWORD" >/dev/null
