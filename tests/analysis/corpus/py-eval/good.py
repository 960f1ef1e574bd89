# SPDX-License-Identifier: MIT
import ast


def calc(expr):
    # eval(expr) would run anything; literal_eval only parses literals
    doc = "never call eval(expr) on input"
    return ast.literal_eval(expr), doc, eval("1 + 1")
