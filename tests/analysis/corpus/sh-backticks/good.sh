#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
now=$(date +%s)
echo "$now" '`not a command`'
