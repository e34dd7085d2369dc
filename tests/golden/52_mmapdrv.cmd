#mmlab: --ram 64M --cmdline mem=63M --cmdline iomem=relaxed --keep-going
# examples/drivers/mmapdrv (source 2, section 8): mem=63M on a 64 MiB
# machine keeps the last MiB from the kernel's allocators; the driver
# ioremap()s it, fills it with "abcd" and maps it to a process.
cat /proc/cmdline
insmod mmapdrv.so mem_start=63 mem_size=1
dmesg | grep mmapdrv
ls /dev
spawn user
open /dev/mmapdrv rdwr
set fd $_
# More than the reserved MiB: the driver's ->mmap says -ENXIO.
mmap 2M rw- shared $fd 0
mmap 1M rw- shared $fd 0
set v $_
close $fd
maps | grep mmapdrv
# remap_pfn_range() made it pf io de dd.  The driver set VM_LOCKED, but
# mmap_region() clears it on a VM_PFNMAP/VM_IO mapping, as Linux does: no lo.
cat /proc/1/smaps | grep VmFlags
rb u:$v
rd u:$v+0xffffc
# A special PTE onto the reserved frame, UC- (PCD): the driver asked
# remap_pfn_range() for write-back, but its ioremap() reserved the range
# uncached-minus in the PAT's memtype tree, and pfnmap_track() gives the
# VMA that type, as Linux does (docs/drivers.md, "Cache modes").
walk u:$v
cat /sys/kernel/debug/x86/pat_memtype_list
# The process writes, and /dev/mem sees the byte at the same physical
# address.  Linux claims the memory past mem= as a busy "RAM buffer";
# /dev/mem maps it only with iomem=relaxed (without it: -EPERM, see
# golden 59 and 13_mem63m).
wd u:$v+0x10 44434241
spawn devmem
devmem 3f00000
db 0 | head 2
# The devmem tool's mapping of the page, asked write-back, takes the UC-
# reserved there too: a third entry.
cat /sys/kernel/debug/x86/pat_memtype_list
devmem off
# The mapping holds the module.
rmmod mmapdrv
task 1
munmap $v 1M
rmmod mmapdrv
lsmod
# iounmap() at module exit freed the last entry.
cat /sys/kernel/debug/x86/pat_memtype_list
audit
