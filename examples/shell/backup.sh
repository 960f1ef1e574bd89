#!/bin/sh
# SPDX-License-Identifier: MIT
# Example for `aurelis analyze`: a careful backup script (strict mode, quoted expansions,
# a private temporary directory removed on exit).
set -eu

src=${1:?usage: backup.sh DIR}
dest=${2:-/var/backups}
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

stamp=$(date +%Y%m%d-%H%M%S)
tar czf "$work/backup-$stamp.tgz" -C "$src" .
mv -- "$work/backup-$stamp.tgz" "$dest/"
echo "backup written to $dest/backup-$stamp.tgz"
