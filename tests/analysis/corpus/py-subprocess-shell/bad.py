# SPDX-License-Identifier: MIT
import subprocess
import subprocess as sp


def archive(name):
    subprocess.run(f"tar czf {name}.tgz {name}", shell=True)  # expect: py-subprocess-shell
    sp.call("gzip " + name, shell=True)  # expect: py-subprocess-shell
