#!/bin/sh
# SPDX-License-Identifier: MIT
# Example for `aurelis analyze`: a deploy script with the usual shell traps in it
# (curl piped into sh, unquoted paths in rm, cd without a check, a fixed /tmp name).
release=$1
target=/srv/app/releases/$release

curl -fsSL https://get.example.com/tool.sh | sh
cd /srv/app
rm -rf $target
mkdir -p "$target"
tar xzf "$release.tgz" -C "$target" > /tmp/deploy.log
ln -sfn "$target" /srv/app/current
