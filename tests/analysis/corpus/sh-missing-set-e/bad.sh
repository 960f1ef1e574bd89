#!/bin/sh
# SPDX-License-Identifier: MIT
# expect-file: sh-missing-set-e
set -u
echo "$HOME"
