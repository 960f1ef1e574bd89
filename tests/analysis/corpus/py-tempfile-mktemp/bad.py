# SPDX-License-Identifier: MIT
import tempfile


def scratch():
    name = tempfile.mktemp(suffix=".txt")  # expect: py-tempfile-mktemp
    return open(name, "w")
