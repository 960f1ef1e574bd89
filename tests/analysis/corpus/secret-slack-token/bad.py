# SPDX-License-Identifier: MIT
SLACK_BOT = "xoxb-075291703423-667127684268-rTAwR4y9ojfljoQoaF1Llqsa"  # expect: secret-slack-token
WEBHOOK = "https://hooks.slack.com/services/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"  # expect: secret-slack-token
