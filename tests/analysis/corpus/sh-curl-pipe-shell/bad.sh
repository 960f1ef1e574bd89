#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
curl -fsSL https://example.com/install.sh | sh # expect: sh-curl-pipe-shell
wget -qO- https://example.com/setup | sudo bash # expect: sh-curl-pipe-shell
