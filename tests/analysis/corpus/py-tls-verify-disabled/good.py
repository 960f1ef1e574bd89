# SPDX-License-Identifier: MIT
import ssl

import requests


def fetch(url, ca):
    ctx = ssl.create_default_context()
    strict = ctx.verify_mode != ssl.CERT_NONE
    return requests.get(url, verify=ca), strict
