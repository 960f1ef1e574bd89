# SPDX-License-Identifier: MIT
MESSAGE = "a very long message that goes on and on a very long message that goes on and on a very long message that goes on and on "  # expect: style-line-length
