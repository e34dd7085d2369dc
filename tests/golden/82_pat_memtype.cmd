#mmlab: --keep-going
# The PAT's memory-type tree (arch/x86/mm/memtype.c, Linux's
# arch/x86/mm/pat/memtype.c): every ioremap() and every remap_pfn_range()
# of a whole VMA reserves its physical range with a cache mode; a later
# request for the range takes the reserved type, or is refused.  The
# debugfs file lists the entries, [start, end) with end exclusive.
cat /sys/kernel/debug/x86/pat_memtype_list
# A driver ioremap()s the register block: uncached-minus.
ioremap 0xfebf0000 0x1000
set a $_
cat /sys/kernel/debug/x86/pat_memtype_list
# ioremap_wc() of the same page: WC asked, UC- reserved, so UC- (PCD),
# silently (is_new_memtype_allowed() lets WC become UC-).
ioremap 0xfebf0000 0x1000 wc
set c $_
walk $c
cat /sys/kernel/debug/x86/pat_memtype_list
# The next page (in the PCI hole, nobody decodes it) reserved WC; then one
# ioremap() over both pages meets two types: -EBUSY, nothing mapped.
ioremap 0xfebf1000 0x1000 wc
set w $_
ioremap 0xfebf0000 0x2000
dmesg | grep conflicting
dmesg | grep "memtype_reserve failed"
cat /sys/kernel/debug/x86/pat_memtype_list
# A process maps the block through drvmap_regs: vm_iomap_memory() is a
# remap_pfn_range() of the whole VMA, so the VMA holds a reservation too.
spawn user
open /dev/drvmap_regs rdwr
set fd $_
mmap 4K rw- shared $fd 0
set r $_
walk u:$r
cat /sys/kernel/debug/x86/pat_memtype_list
# /dev/mem asks write-back (not O_SYNC) and takes the type a driver
# reserved: UC- on the block, WC (PWT) on the page reserved WC.
open /dev/mem rdwr
set mem $_
mmap 4K rw- shared $mem 0xfebf0000
set d $_
walk u:$d
mmap 4K rw- shared $mem 0xfebf1000
set d2 $_
walk u:$d2
cat /sys/kernel/debug/x86/pat_memtype_list
# Unmapping gives each VMA's reservation back; iounmap() the drivers'.
munmap $r 4K
munmap $d 4K
munmap $d2 4K
cat /sys/kernel/debug/x86/pat_memtype_list
iounmap $a
iounmap $c
iounmap $w
cat /sys/kernel/debug/x86/pat_memtype_list
# ioremap_cache() asks write-back; the MTRRs make the PCI hole uncached,
# so the reservation (and the PTE: PCD) is UC-.  Below 1 MiB (the ISA
# window) nothing is tracked and write-back stays write-back.
ioremap 0xfebf0000 0x1000 cache
set wb $_
walk $wb
ioremap 0xa0000 0x1000 cache
set isa $_
walk $isa
cat /sys/kernel/debug/x86/pat_memtype_list
iounmap $wb
iounmap $isa
audit
