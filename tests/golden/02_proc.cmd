#mmlab: --keep-going
# The machine's files: the boot log, /proc in Linux's formats, the layout.
dmesg | grep -i "e820|zone|DMA|Normal"
cat /proc/iomem
cat /proc/ioports
cat /proc/buddyinfo
cat /proc/zoneinfo | grep -E "^Node|pages free|  (min|low|high) "
cat /proc/meminfo | head 4
cat /proc/cmdline
layout
cat /proc/nosuchfile
cat /etc/passwd
ls /sys
cat
dmesg | head x
dmesg | grep "("
