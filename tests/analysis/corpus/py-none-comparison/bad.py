# SPDX-License-Identifier: MIT
def describe(value):
    if value == None:  # expect: py-none-comparison
        return "nothing"
    return "something"
