# SPDX-License-Identifier: MIT
import hashlib


def store(user, password):
    user.password_hash = hashlib.md5(password.encode()).hexdigest()  # expect: py-weak-password-hash
    user.pw2 = hashlib.new("sha1", password.encode()).hexdigest()  # expect: py-weak-password-hash
