#mmlab: --keep-going
# kmalloc and the slab allocator, with its errors and fault injection.
kmalloc 8
ksize $_
kmalloc 100
set a $_
ksize $a
kmalloc 1K
kmalloc 3000
ksize $_
kmalloc 8K
kmalloc 64 GFP_ATOMIC|__GFP_ZERO
kmalloc 64 GFP_DMA
pa $_
cat /proc/slabinfo | grep "^# name|^kmalloc-(8|128|1k|4k|8k) "
kfree $a
kfree $a
kfree 0xffff888000000010
ksize 0x1234
kmalloc 0
kmalloc 5G
kmalloc abc
kmalloc 64 GFP_BOGUS
kmalloc
fail slab 0
kmalloc 64
kmalloc 64
fail off
audit
