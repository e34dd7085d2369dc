#mmlab: --ram 64M --cmdline mem=63M --cmdline iomem=relaxed --keep-going
# mem=63M on a 64 MiB machine: the last megabyte is an exchange buffer
# between a driver and a process.  Linux claims it as a busy "RAM buffer";
# iomem=relaxed lets /dev/mem map it anyway (13_mem63m: refused without).
cat /proc/cmdline
cat /proc/iomem | grep -i "ram"
# The driver's side: ioremap() it and fill it with "abcd" (mmapdrv's init).
ioremap 0x3f00000 0x100000
memcpy_toio $_ "abcdabcdabcdabcd"
# The process's side: the devmem tool sees the same bytes, and what it
# writes the driver reads back.
spawn devmem
devmem 3f00000
db 0 | head 1
rd 0
wd 10 64636261; rd 10
rd p:3f00010
walk u:0x7ffff7ffe000
devmem 3f00000 100000
r ffffc
r 100000
# read() stops at high_memory: the buffer is beyond the direct map.
open /dev/mem rdonly
pread 4 16 0x3f00000
pread 4 16 0x3eff000
# The first megabyte stays open to /dev/mem: a page with RAM reads as
# zeros, but a mapping of it maps the RAM itself.
wd p:9e000 12345678
pread 4 4 0x9e000
devmem 9e000
rd 0
devmem off
audit
