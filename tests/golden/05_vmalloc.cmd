#mmlab: --keep-going
# vmalloc: virtually contiguous, physically scattered, 4 KiB pages, guard pages.
vmalloc 16K
set v $_
vmalloc_to_pfn $v 4
walk $v
vzalloc 5000
set z $_
dq k:$z | head 2
cat /proc/vmallocinfo
walk $v+0x4000
vfree $z
vfree $v
vfree $v
vmalloc_to_pfn $v
vmalloc_to_pfn 0xffff888000001000
vmalloc 0
vmalloc_to_pfn $v 0
audit
