// SPDX-License-Identifier: MIT
/*
 * The driver SDK and the kernel agree on every shared structure's layout:
 * a driver reads file->private_data, vma->vm_pgoff, vmf->page ... at the
 * offsets the kernel wrote them.  Prints each mismatch; exit 1 if any.
 */
#include <stdio.h>
#include <string.h>
#include "abi.h"

int main(void)
{
	int bad = 0, n;

	for (n = 0; abi_kernel[n].what; n++) {
		if (!abi_sdk[n].what || strcmp(abi_kernel[n].what, abi_sdk[n].what)) {
			printf("tables differ at %d\n", n);
			return 1;
		}
		if (abi_kernel[n].value != abi_sdk[n].value) {
			printf("%s: kernel %zu, SDK %zu\n", abi_kernel[n].what,
			       abi_kernel[n].value, abi_sdk[n].value);
			bad = 1;
		}
	}
	printf("%d layout facts compared, %s\n", n, bad ? "MISMATCH" : "all equal");
	return bad;
}
