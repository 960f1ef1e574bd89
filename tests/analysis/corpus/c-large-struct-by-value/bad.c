/* SPDX-License-Identifier: MIT */
struct record {
	char name[256];
	char email[256];
	int age;
};

int age_of(struct record r) /* expect: c-large-struct-by-value */
{
	return r.age;
}
