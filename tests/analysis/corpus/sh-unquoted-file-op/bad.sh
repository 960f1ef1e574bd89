#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
build_dir=$1
rm -rf $build_dir/tmp # expect: sh-unquoted-file-op
cp $(ls *.conf) /etc/app/ # expect: sh-unquoted-file-op
mv $build_dir/app.log $build_dir/app.log.1 # expect: sh-unquoted-file-op
chmod 600 $HOME/.config/app/$1 # expect: sh-unquoted-file-op
