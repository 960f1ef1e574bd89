# SPDX-License-Identifier: MIT
import json


def load(blob):
    # pickle.loads(blob) is unsafe for untrusted data
    return json.loads(blob)
