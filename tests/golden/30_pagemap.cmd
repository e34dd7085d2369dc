#mmlab: --keep-going
# /proc/PID/pagemap, /proc/kpagecount and /proc/kpageflags, decoded.
pagemap 0x1000
spawn pm
mmap 16K rw- private,anonymous
set a $_
# Nothing is mapped until touched: every entry is 0.
pagemap $a 4
# A write maps a new, exclusive anonymous page; a read maps the zero page,
# the same frame for every page, present but not exclusive.
wb u:$a 1
rb u:$a+0x1000
rb u:$a+0x2000
pagemap $a 4
set anon $_
pagemap $a+0x1000
set zero $_
kpageflags $anon
kpagecount $anon
kpageflags $zero
kpagecount $zero
# A frame beyond max_pfn; bad counts and addresses.
kpagecount 0x10000000
pagemap $a 0
pagemap $a 5000
pagemap 0x800000000000
pagemap 0xffffffffffffffff
kpageflags nonsense
# The last page below TASK_SIZE: pagemap ends there (one entry, not two).
pagemap 0x7fffffffe000 2
# After a fork the page is mapped twice: no longer exclusive, count 2.
fork
pagemap $a
kpagecount $anon
task 2
pagemap $a 3
faults
audit
