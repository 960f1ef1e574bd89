#!/bin/bash
# SPDX-License-Identifier: MIT
set -eu
answer=${1:-}
if [ "$answer" = yes ] && [ $# -gt 0 ]; then
	echo ok
fi
if [[ $answer == no ]]; then
	echo no
fi
