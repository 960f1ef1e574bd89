# SPDX-License-Identifier: MIT
def render(rows):
    parts = []
    total = 0
    for row in rows:
        parts.append(str(row))
        total += 1
    return "\n".join(parts), total
