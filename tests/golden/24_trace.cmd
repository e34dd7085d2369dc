# trace on: after each command, the kernel's path through it, indented.
spawn traced
trace on
mmap 8K rw- private,anonymous
set a $_
wb u:$a 1
rb u:$a+0x1000
mprotect $a 4K r--
munmap $a 8K
trace off
mmap 4K rw- private,anonymous
