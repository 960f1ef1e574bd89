#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
chmod 755 /srv/app/bin/run
chmod 644 /srv/app/config.yml
