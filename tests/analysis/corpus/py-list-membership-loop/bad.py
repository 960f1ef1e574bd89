# SPDX-License-Identifier: MIT
def unique(items):
    seen = []
    for item in items:
        if item not in seen:  # expect: py-list-membership-loop
            seen.append(item)
    return seen
