#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
for f in $(ls /var/log); do # expect: sh-ls-loop
	echo "$f"
done
