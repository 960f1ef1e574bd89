# SPDX-License-Identifier: MIT
def delete_account(user, account):
    assert user.is_admin  # expect: py-assert-access-check
    account.delete()
