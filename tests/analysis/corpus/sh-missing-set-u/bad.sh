#!/bin/sh
# SPDX-License-Identifier: MIT
# expect-file: sh-missing-set-u
set -e
echo "$HOME"
