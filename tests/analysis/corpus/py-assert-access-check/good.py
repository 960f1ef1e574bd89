# SPDX-License-Identifier: MIT
def delete_account(user, account):
    if not user.is_admin:
        raise PermissionError("admins only")
    assert account is not None
    account.delete()
