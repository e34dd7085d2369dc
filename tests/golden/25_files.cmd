#mmlab: --keep-going --root data
# Files resolve under the machine's root (here tests/golden/data).
spawn reader
open hello.txt rdonly
set fd $_
pread $fd 64 0
pread $fd 16 6
open missing.txt rdonly
open ../20_process.cmd rdonly
# A private file mapping: reads come from the page cache; a write copies
# the page (copy-on-write) into an anonymous one.
mmap 4K r-- private $fd 0
set f $_
db u:$f | head 2
mprotect $f 4K rw-
mmap 4K rw- shared $fd 0
wb u:$f 48
rb u:$f
smaps $f | grep -E "^(Rss|Private_Dirty|Anonymous):"
close $fd
close $fd
# A shared mapping of /dev/zero is shared anonymous memory: "/dev/zero (deleted)".
open /dev/zero rdwr
set z $_
mmap 8K rw- shared $z 0
maps | grep zero
pwrite $z 0 "discarded"
pread $z 8 0
