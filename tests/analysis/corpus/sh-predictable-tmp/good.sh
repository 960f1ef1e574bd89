#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
date > "$tmp"
dir=$(mktemp -d /tmp/build.XXXXXX)
echo "$dir"
echo 'logs go to "/tmp/app.log" unless LOG_DIR is set'
work=$(mktemp -d -p "${TMPDIR:-/tmp}" app.XXXXXX)
echo "mktemp -u is not used here" > "$work/note"
