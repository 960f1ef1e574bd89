/* SPDX-License-Identifier: MIT */
int check(int a, int b)
{
	if (a = b) /* expect: c-assign-in-condition */
		return 1;
	return 0;
}
