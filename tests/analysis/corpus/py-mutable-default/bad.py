# SPDX-License-Identifier: MIT
def add_item(item, bucket=[]):  # expect: py-mutable-default
    bucket.append(item)
    return bucket


def tag(name, tags={}):  # expect: py-mutable-default
    tags[name] = True
    return tags
