# SPDX-License-Identifier: MIT
GITHUB_TOKEN = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"  # expect: secret-github-token
