#mmlab: --keep-going --ram 32M --root @TMPDIR@
# Shared anonymous (shmem) pages swap through their object: reclaim clears
# their PTEs (no swap PTE: the next fault finds the swap entry in the
# object), smaps' Swap counts the object's entries, touching it back is a
# major fault that puts the page back in the object and frees the slot.
spawn owner
mkswap /swapfile 64M
swapon /swapfile
mmap 16K rw- shared|anonymous
set a $_
wb u:$a 0x5a
wb u:$a+0x1000 0x5b
walk u:$a
stress anon 48M
cat /proc/vmstat | grep -E "^(pswpout|oom_kill) "
task 1
# The PTE is empty, not a swap entry; pagemap has no swap bit for it.
walk u:$a
pagemap $a 2
smaps $a | grep -E "^(Rss|Swap|SwapPss):"
status | grep -E "^(RssShmem|VmSwap)"
mincore $a 8K
rb u:$a
rb u:$a+0x1000
faults
cat /proc/vmstat | grep -E "^(pswpin|pgmajfault) "
smaps $a | grep -E "^(Rss|Swap):"
# MADV_PAGEOUT of a shmem page mapped once: swapped, still in the swap cache.
madvise $a 8K pageout
mincore $a 8K
smaps $a | grep -E "^(Rss|Swap):"
audit
