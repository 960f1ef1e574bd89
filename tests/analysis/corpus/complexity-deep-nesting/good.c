/* SPDX-License-Identifier: MIT */
int shallow(int a, int b)
{
	if (!a)
		return 0;
	while (b) {
		if (a > b && b > 1 && a > 2)
			return 1;
		b--;
	}
	return 0;
}
