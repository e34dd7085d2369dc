#mmlab: --keep-going
# The buddy allocator, /proc/buddyinfo, fragmentation.
cat /proc/buddyinfo
alloc_pages 0
set p0 $_
alloc_pages 3
set p3 $_
cat /proc/buddyinfo
free_pages $p3 3
free_pages $p0 0
cat /proc/buddyinfo
alloc_pages 2 GFP_DMA
free_pages $_ 2
alloc_pages 10
free_pages $_ 10
alloc_pages 11
alloc_pages 1
free_pages $_ 0
free_pages $_ 1
free_pages $_ 1
free_pages 0x12345678 0
fail page 1
alloc_pages 0
alloc_pages 0
alloc_pages 0
fail page off
fragment
cat /proc/buddyinfo
kmalloc 2M GFP_KERNEL|__GFP_NOWARN
vmalloc 2M
vfree $_
fragment undo
kmalloc 2M
kfree $_
audit
