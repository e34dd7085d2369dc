#mmlab: --keep-going
# set_memory_*() (x86's CPA, arch/x86/mm/set_memory.c): the direct map is
# built of 2 MiB pages (and 4 KiB ones for the first MiB and the ends of
# RAM); changing the attributes of part of a 2 MiB page splits it into
# 512 4 KiB pages, and meminfo's DirectMap lines follow.
kmalloc 2M
set b $_
walk k:$b
cat /proc/meminfo | grep DirectMap
# Its first page uncached (UC-: PCD): the PMD now points to a PTE table.
set_memory $b 1 uc
walk k:$b
cat /proc/meminfo | grep DirectMap
# The next page still maps its frame with the old bits (write-back).
walk k:0xffff88800fc01000
# RAM's memory type is in the page flags: a second type is refused.
set_memory $b 2 wc
dmesg | grep reserve_ram_pages_type
# Write-back again: the type is given back, but the page stays split
# (Linux merges large pages back only for set_memory_rox()).
set_memory $b 1 wb
walk k:$b
cat /proc/meminfo | grep DirectMap
# Read-only and not present: the frame stays in the entry.
set_memory $b 1 ro
walk k:$b w
set_memory $b 1 np
walk k:$b
set_memory $b 1 p
set_memory $b 1 rw
walk k:$b w
# A misaligned address is rounded down with a WARN; what nothing maps is
# -EFAULT with another.
set_memory 0xffff88800fc00010 1 nx
set_memory 0xffffc90000100000 1 ro
dmesg | grep change_page_attr_set_clr
dmesg | grep "zero pte"
audit
# A driver maps its kzalloc() buffer to user space write-combining: RAM is
# write-back, so remap_pfn_range() gets write-back.  Made uncached with
# set_memory_uc(), the buffer is mapped uncached-minus.
spawn user
open /dev/drvmap_kbuf rdwr
set fd $_
mmap 8K rw- shared $fd 0
set r $_
walk u:$r
munmap $r 8K
dmesg | grep "map pfn RAM"
va 0xff00000
set k $_
set_memory $k 2 uc
mmap 8K rw- shared $fd 0
set r $_
walk u:$r
dmesg | grep "map pfn RAM"
munmap $r 8K
set_memory $k 2 wb
audit
