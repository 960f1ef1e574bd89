// SPDX-License-Identifier: MIT
int sum(int n)
{
	int *values = new int[n]();
	int total = 0;
	for (int i = 0; i < n; i++)
		total += values[i];
	delete values; // expect: c-new-delete-mismatch
	return total;
}
