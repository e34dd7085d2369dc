#mmlab: --keep-going --root @TMPDIR@
# fork with swapped pages: both share the slot; a write copies (COW).
spawn parent
mkswap /swapfile 1M
swapon /swapfile
mmap 8K rw- private|anonymous
set a $_
wb u:$a 0x11
madvise $a 8K pageout
fork
smaps $a | grep -E "^(Swap|SwapPss):"
task 2
smaps $a | grep -E "^(Swap|SwapPss):"
wb u:$a 0x22
rb u:$a
task 1
rb u:$a
pagemap $a 2
# swapoff brings every page back in.
swapoff /swapfile
pagemap $a 2
cat /proc/meminfo | grep Swap
audit
