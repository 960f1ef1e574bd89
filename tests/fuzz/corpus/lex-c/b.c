/* SPDX-License-Identifier: MIT */
R"x(raw)x" u8"s" L'c' 0x1p+3 1'000 /* open
#if 0
int a;
#endif
"cut
