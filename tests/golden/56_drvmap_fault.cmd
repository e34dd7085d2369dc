#mmlab: --keep-going
# Drivers whose pages come at fault time, or page by page at mmap time.
spawn faulter
# source 2 section 7: a vmalloc buffer behind ->fault().  Nothing is
# mapped until touched; each first touch faults into the driver, whose page
# is the vmalloc area's own frame (a normal PTE: it counts in Rss).
open /dev/drvmap_vmalloc rdwr
mmap 20K rw- shared 3 0
set v $_
trace on
rb u:$v+0x1000
trace off
rb u:$v+0x2000
faults
smaps $v | grep -E "Rss|VmFlags"
# Past the buffer's 4 pages the driver answers VM_FAULT_SIGBUS.
rb u:$v+0x4000
# remap_vmalloc_range() of vmalloc_user() memory: mapped whole at mmap
# time with vm_insert_page(); "user" in vmallocinfo; VmFlags de dd mm.
open /dev/drvmap_vuser rdwr
mmap 8K r-- shared 4 4K
set u $_
rb u:$u
rb u:$u+0x1000
smaps $u | grep -E "Rss|VmFlags"
cat /proc/vmallocinfo | grep vmalloc_user
# vmf_insert_pfn() of the register block at the first access: special PTE,
# uncached (PCD); pagemap shows a VM_PFNMAP page as not present.
open /dev/drvmap_pfn rdwr
mmap 4K rw- shared 5 0
set f $_
trace on
rd u:$f
trace off
walk u:$f
pagemap $f
# A private mapping of it would be copy-on-write: the driver refuses.
mmap 4K rw- private 5 0
# fork copies the PFN map's PTE; the child reads the register directly.
fork
task 2
rd u:$f
walk u:$f
audit
