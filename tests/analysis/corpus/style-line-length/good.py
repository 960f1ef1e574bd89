# SPDX-License-Identifier: MIT
MESSAGE = (
    "a long message, "
    "wrapped over lines"
)
