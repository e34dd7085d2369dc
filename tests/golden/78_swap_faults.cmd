#mmlab: --keep-going --root @TMPDIR@
# Fault injection: a failed write leaves the page dirty in the swap cache;
# no free slot leaves it mapped.  (A failed read, SIGBUS, needs reclaim to
# have freed the cached page first: see tests/unit/test_swap.c.)
spawn swapper
mkswap /swapfile 1M
swapon /swapfile
mmap 8K rw- private|anonymous
set a $_
wb u:$a 0x5a
wb u:$a+0x1000 0x5b
fail swap-write 0
madvise $a 4K pageout
dmesg | tail 1
cat /proc/meminfo | grep SwapCached
mincore $a 8K
rb u:$a
# No free slot: the page stays mapped.
mmap 4K rw- private|anonymous
set b $_
wb u:$b 0x77
fail swap-slot 0
madvise $b 4K pageout
pagemap $b 1
audit
