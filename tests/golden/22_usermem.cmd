#mmlab: --keep-going
# d/r/w on the selected task's user addresses: loads and stores as its own
# instructions, through its page tables; faults are reported as the signal.
spawn touch
mmap 8K rw- private,anonymous
set a $_
space user
wq $a 1122334455667788
rq $a
rb $a+1
wd $a+0x1000 cafe
dd $a+0xff0 | head 2
space phys
# A u: prefix works from any space.
rq u:$a
# No mapping: SEGV_MAPERR, at the address.
rq u:0x1000
rq u:$a+0x2000
# Read-only now: the write faults with SEGV_ACCERR, the read works.
mprotect $a 4K r--
wb u:$a 1
rb u:$a
mprotect $a 4K ---
rb u:$a
# A store that straddles into an unmapped page faults at the first byte above.
munmap $a+4K 4K
mprotect $a 4K rw-
wq u:$a+0xffc 1
