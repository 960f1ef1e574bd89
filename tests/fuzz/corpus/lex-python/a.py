#!/usr/bin/env python3
"""Doc."""
import os

def f(a, b=[], *, c=1):
    x = f"val {a!r:>{b}} and {{lit}} {c + 1}"
    if a and b:
        for i in range(3):
            while True:
                break
    elif c:
        pass
    s = rb'\x00' + '''multi
line''' + "unterminated
    return x

class K:
    async def m(self):
        match self.v:
            case 1: return 1
            case _: return 2
match = 3
