# SPDX-License-Identifier: MIT
def f():
    # TODO: handle the empty case  expect: style-todo
    return 1
