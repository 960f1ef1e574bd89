# SPDX-License-Identifier: MIT
def cleanup(path, os):
    try:
        os.remove(path)
    except:  # expect: py-bare-except-pass
        pass
