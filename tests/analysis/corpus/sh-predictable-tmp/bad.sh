#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
date > /tmp/report.txt # expect: sh-predictable-tmp
cp data.csv "/tmp/upload.$$" # expect: sh-predictable-tmp
lock=$(mktemp -u /tmp/app.XXXXXX) # expect: sh-predictable-tmp
touch "$lock"
