#mmlab: --json --keep-going
spawn json
mmap 8K rw- private,anonymous
wq u:$_ 41
mincore $_ 8K
ps
task
munmap 0x1001 4K
rq u:0
trace on
mmap 4K r-- private,anonymous
rb u:$_
trace off
