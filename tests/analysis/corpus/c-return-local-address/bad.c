/* SPDX-License-Identifier: MIT */
const char *name_of(int id)
{
	char name[32];
	name[0] = (char)id;
	name[1] = '\0';
	return name; /* expect: c-return-local-address */
}

int *counter(void)
{
	int count = 0;
	return &count; /* expect: c-return-local-address */
}
