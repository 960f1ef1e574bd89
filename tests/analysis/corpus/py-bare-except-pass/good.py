# SPDX-License-Identifier: MIT
import logging


def cleanup(path, os):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
    except:
        logging.exception("cannot remove %s", path)
        raise
