// SPDX-License-Identifier: MIT
/* A shared object with no module anchor: insmod refuses it (ENOEXEC). */
int notamodule_function(void);
int notamodule_function(void)
{
	return 42;
}
