#!/bin/sh
# SPDX-License-Identifier: MIT
set -u
# expect-file: sh-missing-set-e
cd /srv/app # expect: sh-cd-unchecked
git pull
