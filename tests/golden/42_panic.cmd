#mmlab: --keep-going
# kernel.panic_on_oops = 1 (or "oops=panic" on the command line): the
# oops of a corrupted slab freelist panics the machine.  The shell says
# so, and from then on runs only what touches no kernel state.
sysctl kernel.panic_on_oops
sysctl kernel.panic_on_oops=1
spawn; mmap 64K rw- private,anonymous
kmalloc 64; set a $_; kfree $a; wq k:$a+0x20 0x4141414141414141
kmalloc 64
kmalloc 64
mmap 4K rw- private,anonymous
audit
cat /proc/meminfo
help sysctl
dmesg | grep -E 'BUG|Oops|panic'
