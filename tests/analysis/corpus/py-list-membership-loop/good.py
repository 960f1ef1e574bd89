# SPDX-License-Identifier: MIT
def unique(items):
    seen = set()
    result = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    for name in result:
        print(name)
    return result
