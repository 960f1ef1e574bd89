# SPDX-License-Identifier: MIT
def render(rows):
    out = ""
    for row in rows:
        out += str(row) + "\n"  # expect: py-string-concat-loop
    return out
