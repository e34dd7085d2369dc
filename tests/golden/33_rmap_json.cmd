#mmlab: --keep-going --json --root data
spawn j
mmap 8K rw- private,anonymous
wb u:$_ 1
pagemap $_ 2
rmap $_
kpageflags $_
kpagecount $_
migrate $_
pin 0x7ffff7ffe000 1 write
unpin $_
faults
hostcat hello.txt
writeback
sync
exec
rmap 0
