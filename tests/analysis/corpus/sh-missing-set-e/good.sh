#!/bin/sh -e
# SPDX-License-Identifier: MIT
set -u
echo "$HOME"
