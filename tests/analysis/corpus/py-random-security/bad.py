# SPDX-License-Identifier: MIT
import random
import string


def reset_token():
    token = "".join(random.choice(string.ascii_letters) for _ in range(32))  # expect: py-random-security
    return token
