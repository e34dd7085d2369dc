#mmlab: --keep-going
# CONFIG_SLAB_FREELIST_HARDENED: a free object's free pointer is stored
# scrambled (pointer ^ the cache's random ^ swab(its own address)), so the
# raw bytes of a freed object show no heap address ...
kmalloc 64; set a $_; kmalloc 64; set b $_; kfree $b; kfree $a
dq k:$a+0x20
# ... and a pointer written into it from outside -- here the address of
# another object, what a use-after-free exploit writes -- decodes to
# garbage that the allocator catches: the slab report names the cache,
# then the oops (the task is the idle one: the shell's kmalloc runs for no
# process).
wq k:$a+0x20 $b
kmalloc 64
kmalloc 64
dmesg | grep -E 'BUG|FIX|Oops|CPU:|end trace'
# Without kernel.panic_on_oops the machine goes on, tainted (D), its
# audits clean: the corrupted chain was isolated.
spawn; mmap 4K rw- private,anonymous; space user; wb $_ 0x5a; db $_
audit
