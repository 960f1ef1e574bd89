#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
curl --cacert /etc/ssl/internal-ca.pem https://internal.example.com/api
curl -fsSL -o out.txt https://example.com/file
