#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
curl -k https://internal.example.com/api # expect: sh-tls-verify-disabled
wget --no-check-certificate https://internal.example.com/file # expect: sh-tls-verify-disabled
