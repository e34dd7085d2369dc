# Without --keep-going a script stops at its first error, with status 1.
echo before
kmalloc 64; kfree 0x42; echo not reached on this line
echo not reached either
