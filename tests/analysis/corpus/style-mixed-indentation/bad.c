/* SPDX-License-Identifier: MIT */
int f(int a)
{
 	if (a) /* expect: style-mixed-indentation */
		return 1;
	return 0;
}
