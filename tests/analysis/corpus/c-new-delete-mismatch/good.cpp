// SPDX-License-Identifier: MIT
int sum(int n)
{
	int *values = new int[n]();
	int *one = new int(3);
	int total = *one;
	for (int i = 0; i < n; i++)
		total += values[i];
	delete[] values;
	delete one;
	return total;
}
