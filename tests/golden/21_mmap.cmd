#mmlab: --keep-going
# One command per system call.  Addresses are top-down from mmap_base.
spawn mapper
mmap 16K rw- private,anonymous
set a $_
# A second anonymous mapping just below merges with the first.
mmap 8K rw- private,anonymous
maps | head 2
# mprotect in the middle splits the VMA in three, and back merges again.
mprotect $a+4K 4K r--
maps | head 4
mprotect $a+4K 4K rw-
maps | head 2
# Flags by name or number; prot as rwx letters or PROT_ names.
mmap $a-64K 4K PROT_READ|PROT_EXEC MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED
mmap $a-64K 4K r-- private,anonymous,fixed_noreplace
mmap 4K --- 0x22
mmap 8K rw- shared,anonymous
maps | head 6
# Errors are Linux's errno.
mmap 0 rw- private,anonymous
mmap 4K rw- anonymous
mmap 4K rw- private
mmap $a 4K rw- private,anonymous,fixed_noreplace
mmap 4K rw- private 99 0
munmap $a+1 4K
mprotect $a 4K rwz
madvise $a 4K nosuchadvice
msync $a 4K sync,async
# mremap: the top mapping grows in place (the space above it is free); a
# range in the middle of a VMA cannot, so it fails, or moves with maymove.
mremap $a 16K 32K
mremap $a 8K 16K
mremap $a 8K 16K maymove
maps | head 6
brk
brk 0x555555559000+8K
maps | grep heap
brk 0x555555559000
munmap 0x7ffff7fd0000 0x30000
maps
