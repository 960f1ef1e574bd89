# SPDX-License-Identifier: MIT
def describe(value):
    if value is None:
        return "value == None is not the test to use"
    return "something"
