#mmlab: --keep-going
# Reverse mapping, migration and pinning of anonymous pages across fork.
rmap 1
spawn parent
mmap 8K rw- private,anonymous
set a $_
wq u:$a 1111
wq u:$a+0x1000 2222
pagemap $a
set frame $_
rmap $frame
# Parent, child, grandchild: one frame, three PTEs, all write-protected.
fork
set child $_
task $child
fork
set grandchild $_
rmap $frame
kpagecount $frame
# The child breaks COW on the first page: its PTE points at a new frame.
wq u:$a 3333
pagemap $a
rmap $frame
# migrate moves the page and rewrites each PTE that mapped it.
migrate $frame
set moved $_
rmap $moved
task 1
rq u:$a
pagemap $a
# A pinned page cannot move; pin with write breaks COW first (FOLL_WRITE).
pagemap $a+0x1000
set shared $_
rmap $shared
pin $a+0x1000 1 write
set pinned $_
rmap $pinned
migrate $pinned
unpin $pinned
migrate $pinned
unpin $pinned
pin $a 1
unpin $_
# Errors: frames that hold no user page, bad pfns, bad arguments.
rmap 0
rmap 0x10000000
migrate 1
unpin 1
pin $a 0
pin $a 1 read
pin 0x1000 1
# Tracing the kernel's path through a migration.
trace on
pagemap $a+0x1000
migrate $_
trace off
# The MMU's walk through the task's own page tables.
walk u:$a
walk u:$a w
walk k:$a
space user
walk $a+0x1000 w
walk 0x1000
space phys
# exec: a fresh address space; the child's pages are its own again.
exec
maps
pagemap $a
task $child
pagemap $a 2
exec
task $grandchild
rmap $moved
faults
faults $child
exit
task $child
exit
task 1
exit
audit
