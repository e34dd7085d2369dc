#mmlab: --keep-going
# Driver mappings under mprotect, mlock, madvise, mremap and allocation
# failures (drivers/misc/drvmap_sample.c; see docs/drivers.md).
spawn rules
open /dev/drvmap_regs rdwr
# remap_pfn_range() of the whole VMA first reserves the range in the PAT:
# the first page allocation (a slab page for its memtype entry) fails, and
# pfnmap_track_ctx_alloc() reports it as EINVAL, as Linux's does; the
# mapping is undone.
fail page 0
mmap 4K rw- shared 3 0
fail off
maps | grep drvmap
audit
mmap 4K rw- shared 3 0
set r $_
# mprotect keeps the PTE's cache mode (PCD stays, RW goes and comes back).
mprotect $r 4K r--
walk u:$r
mprotect $r 4K rw-
walk u:$r
# mlock leaves a VM_IO|VM_PFNMAP VMA unlocked (and succeeds).
mlock $r 4K
smaps $r | grep -E "Locked|VmFlags"
madvise $r 4K cold
madvise $r 4K willneed
# Moving it is allowed: the special PTE moves along.
mremap $r 4K 4K maymove,fixed $r-1M
set r2 $_
rd u:$r2
maps | grep drvmap
# A vmalloc_user() buffer mapped by remap_vmalloc_range(): its pages are
# normal, so pin (GUP) works there, unlike on the register block.
open /dev/drvmap_vuser rdwr
mmap 16K rw- shared 4 0
set u $_
pin $u 2
pin $r2 1
audit
