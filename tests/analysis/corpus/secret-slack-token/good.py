# SPDX-License-Identifier: MIT
import os

SLACK_BOT = os.environ.get("SLACK_BOT_TOKEN", "")
HELP = "tokens look like xoxb-..."
