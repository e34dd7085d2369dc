#mmlab: --ram 64M --cmdline mem=63M --keep-going
# mem=63M: the kernel keeps out of the last megabyte of a 64 MiB machine.
cat /proc/cmdline
dmesg | grep -i "e820|command line"
cat /proc/iomem
cat /proc/buddyinfo
layout
va 0x3f00000
# The last megabyte is still RAM, reachable by physical address (/dev/mem).
wd 3f00000 64636261; rd 3f00000
d 3f00000 | head 1
# A process may not map it through /dev/mem: the "RAM buffer" Linux claims
# there is busy (IO_STRICT_DEVMEM; 59_devmem_mem63m boots with iomem=relaxed).
spawn devmem
devmem 3f00000
