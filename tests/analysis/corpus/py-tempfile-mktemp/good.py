# SPDX-License-Identifier: MIT
import tempfile


def scratch():
    return tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
