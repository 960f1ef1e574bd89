/* SPDX */
#include <stdio.h>
#define MAX(a, b) ((a) > (b) ? (a) : (b)) \
	/* more */
#if 0
int dead(void) { return 0; }
#else
static int live(int a, char *b) { if (a && b) return 1; return 0; }
#endif
const char *s = u8"x" "y\"z"; char c = '\'';
auto r = R"xy(raw )" string)xy";
int main(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (argv[i]) {
			while (1) { break; }
		}
	}
	return 0x1F + 1'000 + .5e-3;
}
int knr(a, b)
int a; char *b;
{ return a; }
