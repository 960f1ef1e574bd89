# SPDX-License-Identifier: MIT
import os
from os import system


def ping(host):
    os.system("ping -c1 " + host)  # expect: py-os-system
    system(f"traceroute {host}")  # expect: py-os-system
    return os.popen("host %s" % host).read()  # expect: py-os-system
