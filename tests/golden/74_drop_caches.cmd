#mmlab: --keep-going --root data
# vm.drop_caches=1 drops clean, unmapped page-cache pages; dirty and mapped
# ones stay.  MemAvailable counts the page cache that could go.
spawn reader
open hello.txt rdonly
set fd $_
pread $fd 4 0
cat /proc/meminfo | grep -E "^(Cached|Mapped)"
sysctl vm.drop_caches=1
cat /proc/meminfo | grep -E "^(Cached|Mapped)"
pread $fd 4 0
mmap 4K r-- shared $fd 0
set s $_
rb u:$s
sysctl vm.drop_caches=3
cat /proc/meminfo | grep -E "^(Cached|Mapped)"
cat /proc/vmstat | grep -E "^drop_"
dmesg | grep drop_caches
sysctl vm.drop_caches=0
audit
