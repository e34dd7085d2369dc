#mmlab: --keep-going
# Simulated RAM is untrusted: corrupt kernel structures with w and memset_io;
# the kernel reports each one in its log and the shell keeps running.
# A slab free pointer (the free object's middle word) overwritten:
kmalloc 64; kfree $_; wq k:0xffff88800ff98020 4141414141414141; kmalloc 64; kmalloc 64
# A whole slab page filled with 0x41, then its objects allocated:
kmalloc 128; kfree $_; memset_io 0xffff88800ff90000 0x41 4096
kmalloc 128; kmalloc 128; kmalloc 128
# A task's PMD entry pointed outside RAM, then its memory used:
spawn; mmap 64K rw- private,anonymous; set a $_; space user; wb $a 1
walk u:$a
space phys; wq 0xff95df8 0x000f414141400067; tlb flush
space user; wb $a+0x1000 2; fork; munmap $a 64K; exit
dmesg | grep -E 'BUG|FIX|bad'
