/* SPDX-License-Identifier: MIT */
int deep(int a, int b) /* expect: complexity-deep-nesting */
{
	if (a) {
		while (b) {
			for (;;) {
				if (a > b) {
					if (b > 1) {
						if (a > 2) {
							return 1;
						}
					}
				}
				break;
			}
			b--;
		}
	}
	return 0;
}
