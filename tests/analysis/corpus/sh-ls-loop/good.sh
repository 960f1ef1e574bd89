#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
for f in /var/log/*; do
	echo "$f"
done
