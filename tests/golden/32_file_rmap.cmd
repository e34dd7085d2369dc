#mmlab: --keep-going --root data
# The file side of the rmap: page-cache pages found through the file's
# i_mmap tree.  Nothing here writes to the file.
spawn reader
open hello.txt rdonly
set fd $_
mmap 8K r-- shared $fd 0
set s $_
mmap 4K r-- private $fd 0
set p $_
rb u:$s
rb u:$p
faults
pagemap $s 2
set page $_
pagemap $p
kpageflags $page
kpagecount $page
rmap $page
# fork copies no PTEs of a file mapping without anonymous pages (the child
# faults them in again), so rmap finds the child only after it reads.
fork
set child $_
rmap $page
task $child
rb u:$s
faults
task 1
rmap $page
# A write to the private mapping copies the page: the copy is anonymous.
mprotect $p 4K rw-
wb u:$p 48
pagemap $p
rmap $_
rmap $page
# migrate a page-cache page: both processes' PTEs follow it.
migrate $page
set moved $_
rmap $moved
rb u:$s
# The host's bytes, read by plain C under the root; '..' may not leave it.
hostcat hello.txt
hostcat /hello.txt
hostcat ../20_process.cmd
hostcat missing.txt
# Nothing is dirty: sync and writeback write nothing.
sync
writeback
writeback 16
writeback 0
audit
