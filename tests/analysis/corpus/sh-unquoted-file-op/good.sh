#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
build_dir=$1
rm -rf -- "$build_dir/tmp"
cp -- "$build_dir"/*.conf /etc/app/
echo rm $build_dir
mkdir -p "out/$#"
mv -- "$build_dir/app.log" "$build_dir/app.log.1"
chmod 600 "$HOME/.config/app/$1"
