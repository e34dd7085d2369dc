#mmlab: --keep-going
# Tasks: spawn selects the new task; ps lists them; task PID selects one.
maps
spawn init
maps
status | head 7
status | grep "^Vm|^Rss"
spawn worker
ps
task 1
ps
task 9
# fork: a child with a copy of the address space; the parent stays selected.
fork
ps
cat /proc/self/stat
cat /proc/2/status | head 1
# exit ends the selected task; then no task is selected.
exit 7
ps
mmap 4096 rw- private,anonymous
task 2
exit
ps
