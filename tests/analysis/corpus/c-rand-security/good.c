/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

int roll_dice(void)
{
	int dice = rand() % 6 + 1; /* games may use rand() */
	return dice;
}
