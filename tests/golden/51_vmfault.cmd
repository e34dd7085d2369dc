#mmlab: --keep-going
# examples/drivers/vmfault: a vmalloc buffer mapped page by page by the
# driver's ->fault handler (source 2, section 7).
insmod vmfault.so pages=3
spawn user
open /dev/vmfault rdwr
set fd $_
mmap 16K rw- shared $fd 0
mmap 12K rw- shared $fd 0
set v $_
close $fd
maps | grep vmfault
# The first access of each page faults into the driver.
rb u:$v+0x2000
dmesg | grep "vmfault: fault"
rb u:$v
dmesg | grep "vmfault: fault"
walk u:$v+0x2000
# The mapping holds the module.
rmmod vmfault
munmap $v 12K
rmmod vmfault
lsmod
audit
