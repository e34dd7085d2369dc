# Pss after fork: the child shares the parent's anonymous pages (mapcount 2),
# so each task's Pss counts half of them, as Shared_Dirty.
spawn parent
mmap 8K rw- private,anonymous
set a $_
wb u:$a 1
wb u:$a+0x1000 2
fork
smaps $a | grep -E "^(Rss|Pss|Shared_Dirty|Private_Dirty):"
# A write in the parent copies that page: it is private again in both tasks.
wb u:$a 3
smaps $a | grep -E "^(Rss|Pss|Shared_Dirty|Private_Dirty):"
task 2
rb u:$a
smaps rollup | grep -E "^(Rss|Pss|Pss_Anon|Shared_Dirty|Private_Dirty):"
ps
