# SPDX-License-Identifier: MIT
import os

GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
EXAMPLE = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
PREFIXES = ("ghp_", "gho_", "github_pat_")
