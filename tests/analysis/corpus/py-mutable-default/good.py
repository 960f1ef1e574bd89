# SPDX-License-Identifier: MIT
def add_item(item, bucket=None, size=3, name="x", frozen=()):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket, size, name, frozen
