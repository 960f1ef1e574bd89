# SPDX-License-Identifier: MIT
import pickle
import marshal


def load(blob, code):
    obj = pickle.loads(blob)  # expect: py-unsafe-deserialization
    fn = marshal.loads(code)  # expect: py-unsafe-deserialization
    return obj, fn
