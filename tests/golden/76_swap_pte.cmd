#mmlab: --keep-going --root @TMPDIR@
# A PTE becoming a swap entry and coming back.
spawn swapper
mkswap /swapfile 1M
swapon /swapfile
mmap 16K rw- private|anonymous
set a $_
wb u:$a 0x41
wb u:$a+0x3000 0x44
walk u:$a
madvise $a 16K pageout
# Non-present now: the PTE holds the swap entry (type 0, offset 1).
walk u:$a
pagemap $a 4
smaps $a | grep -E "^(Rss|Swap|SwapPss):"
status | grep VmSwap
cat /proc/vmstat | grep -E "^(pswp|swap_ra)"
# Written, the pages stay in the swap cache until reclaim frees them (as
# on Linux, whose write completes after MADV_PAGEOUT returned): resident
# for mincore, and a touch maps one back with a minor fault, no read.
mincore $a 16K
rb u:$a
faults
pagemap $a 4
cat /proc/vmstat | grep -E "^(pswp|swap_ra)"
cat /proc/meminfo | grep Swap
# A write fault on a swap entry of an exclusive page reuses it.
madvise $a 16K pageout
wb u:$a+0x3000 0x45
pagemap $a 4
# MADV_DONTNEED of swapped pages frees their slots.
madvise $a 16K dontneed
cat /proc/meminfo | grep Swap
audit
