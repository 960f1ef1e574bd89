#!/bin/sh
# SPDX-License-Identifier: MIT
set -eu
# the old token was 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  expect: secret-github-token expect: style-line-length
export GH_TOKEN=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d # expect: secret-github-token
