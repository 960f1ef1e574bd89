# SPDX-License-Identifier: MIT
def calc(expr, env):
    value = eval(expr)  # expect: py-eval
    exec("result = " + expr, env)  # expect: py-eval
    return value
