#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
curl -fsSL -o install.sh https://example.com/install.sh
sha256sum -c install.sh.sha256
sh install.sh
curl -fsSL https://example.com/data.json | jq .name
