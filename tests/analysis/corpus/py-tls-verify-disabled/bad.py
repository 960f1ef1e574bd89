# SPDX-License-Identifier: MIT
import ssl

import requests


def fetch(url):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # expect: py-tls-verify-disabled
    ctx.verify_mode = ssl.CERT_NONE  # expect: py-tls-verify-disabled
    return requests.get(url, verify=False)  # expect: py-tls-verify-disabled
