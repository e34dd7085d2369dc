#mmlab: --keep-going --root data
# /proc/PID/mem: the task's memory at offset = virtual address (mem_rw()).
spawn ptracee
mmap 12K rw- private,anonymous
set a $_
wb u:$a 0x41
munmap $a+4K 4K
open /proc/self/mem rdwr
set m $_
pread $m 4 $a
# FOLL_FORCE: a read-only private page takes the write (COW), the PTE stays read-only.
mprotect $a 4K r--
pwrite $m $a "mem!"
rb u:$a
pread $m 4 $a
# A PROT_NONE page reads too.
mprotect $a+8K 4K ---
pread $m 4 $a+8K
# Across the hole: the part before it; at it: EIO.
pread $m 8 $a+4K-4
pread $m 4 $a+4K
# A read-only shared mapping refuses the write: EIO.
mmap 4K r-- shared,anonymous
set s $_
pwrite $m $s "x"
close $m
# Read-only: no write.
open /proc/self/mem rdonly
pwrite $_ $a "x"
