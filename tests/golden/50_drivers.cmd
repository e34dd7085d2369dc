#mmlab: --keep-going
# A driver built against the SDK (examples/drivers/kbuf): a misc device
# over an 8 KiB kmalloc() buffer.  The test harness puts the built drivers
# in $MMLAB_DRIVER_PATH.
cat /proc/devices
ls /dev
insmod kbuf.so fill="hello world"
lsmod
cat /proc/modules
ls /dev
dmesg | grep kbuf
spawn user
mmap 4K rw- private,anonymous
set buf $_
open /dev/kbuf rdwr
set fd $_
read $fd $buf 16
# An open file holds the module, as Linux's try_module_get() in chrdev_open.
rmmod kbuf
lsmod
write $fd $buf "written by the task"
close $fd
open /dev/kbuf rdonly
set fd $_
read $fd $buf 24
close $fd
rmmod kbuf
lsmod
dmesg | grep kbuf
# Bad input: a file that is not a driver, a module not loaded, bad params.
insmod 50_drivers.cmd
rmmod kbuf
insmod kbuf.so fill
audit
