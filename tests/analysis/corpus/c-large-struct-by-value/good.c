/* SPDX-License-Identifier: MIT */
struct record {
	char name[256];
	char email[256];
	int age;
};

struct point { int x, y; };

int age_of(const struct record *r)
{
	return r->age;
}

int dist(struct point p)
{
	return p.x + p.y;
}
