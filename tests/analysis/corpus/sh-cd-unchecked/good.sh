#!/bin/sh
# SPDX-License-Identifier: MIT
set -u
cd /srv/app || exit 1
if cd /srv/other; then
	git pull
fi
cd /srv && make
# expect-file: sh-missing-set-e
