#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
answer=${1:-}
if [ $answer = yes ]; then # expect: sh-unquoted-test
	echo ok
fi
