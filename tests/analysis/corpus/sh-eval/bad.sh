#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
cmd=${1:-true}
eval "$cmd" # expect: sh-eval
