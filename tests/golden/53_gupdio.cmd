#mmlab: --keep-going
# examples/drivers/gupdio (source 1): direct I/O.  write() pins the
# pages behind the user's buffer with pin_user_pages_fast() and reads them
# through kmap_local_page(), with no copy; read() pins with FOLL_WRITE and
# writes into them.
insmod gupdio.so
spawn user
mmap 8K rw- private,anonymous
set buf $_
open /dev/gupdio rdwr
set fd $_
# A buffer across a page boundary: two pages pinned.
write $fd $buf+0xff8 "hello, direct I/O"
dmesg | grep gupdio
walk u:$buf+0x1000
# FOLL_WRITE after fork: the pages are shared copy-on-write with the
# child, so the pin breaks COW first and the parent gets its own copy (a
# new pfn); the child keeps the old one.
fork
set child $_
read $fd $buf+0x1000 9
dmesg | grep "gupdio: read"
walk u:$buf+0x1000
rb u:$buf+0x1000
task $child
walk u:$buf+0x1000
rb u:$buf+0x1000
# Pins are gone after each call: the pages' refcounts are back.
audit
# The child's copy of the descriptor holds the module too.
close $fd
task 1
close $fd
rmmod gupdio
lsmod
audit
