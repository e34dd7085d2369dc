#mmlab: --keep-going
# smaps counts what the page tables map: nothing until pages are touched.
spawn smaps
mmap 32K rw- private,anonymous
set a $_
smaps $a
mincore $a 32K
# Two writes allocate two zeroed pages; a read of a third maps the shared
# zero page, which Rss does not count (as on Linux).
wb u:$a 1
wb u:$a+0x1000 2
rb u:$a+0x2000
mincore $a 32K
smaps $a | grep "^(Rss|Pss|Private_Dirty|Referenced|Anonymous):"
status | grep "VmRSS|RssAnon"
# MADV_DONTNEED drops them; the next read sees zeroes.
madvise $a 8K dontneed
smaps $a | grep "^Rss"
rb u:$a
# Locked memory: mlock populates (writable: real pages), Locked = Pss.
mlock $a 16K
smaps $a | grep -E "^(Rss|Locked):|VmFlags"
status | grep VmLck
munlock $a 16K
mlock $a+16K 16K onfault
smaps $a+16K | grep -E "Locked|VmFlags"
munlockall
# Advice shows in VmFlags, in Linux's bit order.
madvise $a 4K dontfork
madvise $a+4K 4K wipeonfork
madvise $a+8K 4K dontdump
madvise $a+12K 4K hugepage
smaps | grep VmFlags
smaps rollup
