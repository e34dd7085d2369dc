#mmlab: --keep-going
# A driver maps memory into a process (drivers/misc/drvmap_sample.c).
spawn mapper
# source 4: an 8 KiB kmalloc buffer, remap_pfn_range() with
# pgprot_writecombine().  On RAM x86's PAT gives write-back (and says so
# in dmesg); the PTEs are special (SPECIAL in walk), the VMA io/pf/de/dd.
open /dev/drvmap_kbuf rdwr
mmap 8K rw- shared 3 0
set k $_
rd u:$k
wd u:$k+0x1004 0x21646c6f
rd u:$k+0x1004
walk u:$k
maps | grep drvmap
smaps $k
dmesg | grep PAT
pagemap $k
# Too big for the buffer: the driver's ->mmap() says EINVAL.
mmap 12K rw- shared 3 0
# The register block through vm_iomap_memory(), uncached: PCD (UC-).
open /dev/drvmap_regs rdwr
mmap 4K rw- shared 4 0
set r $_
rd u:$r
walk u:$r
# Growing a VM_DONTEXPAND|VM_PFNMAP mapping fails; MADV_DONTNEED too.
mremap $r 4K 8K maymove
madvise $r 4K dontneed
# A private mapping is copy-on-write: a write copies the frame.
mmap 8K rw- private 3 0
set p $_
wb u:$p 0x4b
rd u:$p
walk u:$p
walk u:$p+0x1000
audit
