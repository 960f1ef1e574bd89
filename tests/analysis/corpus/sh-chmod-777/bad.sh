#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
chmod 777 /srv/app/uploads # expect: sh-chmod-777
chmod -R a+w /srv/app/cache # expect: sh-chmod-777
