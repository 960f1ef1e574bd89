#!/bin/bash
# SPDX-License-Identifier: MIT
set -euo pipefail
echo "$HOME"
