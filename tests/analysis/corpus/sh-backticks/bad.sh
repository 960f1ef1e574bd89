#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
now=`date +%s` # expect: sh-backticks
echo "$now"
