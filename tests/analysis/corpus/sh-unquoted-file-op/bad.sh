#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
build_dir=$1
rm -rf $build_dir/tmp # expect: sh-unquoted-file-op
cp $(ls *.conf) /etc/app/ # expect: sh-unquoted-file-op
