#mmlab: --keep-going
# examples/drivers/dmacopy: a loadable platform driver for the DMA engine.
# The machine enumerates the engine at boot as the platform device
# mmlab-dma.0 (a MEM and an IRQ resource); the module's platform driver,
# named like the device, binds it.  While the in-kernel driver mmlab-dma
# is registered (dma bind) a second driver of that name is refused, as
# in Linux: unbind it first.
dma bind
insmod dmacopy.so
dmesg | grep "already registered"
dma unbind
insmod dmacopy.so
lsmod
ls /dev
cat /proc/interrupts
cat /proc/iomem | grep febe
# and the in-kernel driver cannot take it now.
dma bind
# write() pins the buffer (across a page boundary), maps it as a
# scatterlist and has the engine copy it into its memory; read() copies it
# back through a kmalloc() bounce buffer mapped with dma_map_single().
spawn user
mmap 16K rw- private,anonymous
set buf $_
open /dev/dmacopy rdwr
set fd $_
write $fd $buf+0xff0 "hello, DMA engine: a buffer across two pages"
read $fd $buf+0x3000 44
dmesg | grep "mmlab-dma.0:"
cat /proc/interrupts
# Nothing stays pinned or mapped after each call.
audit
# rmmod while open: in use.
rmmod dmacopy
close $fd
rmmod dmacopy
dmesg | grep "removed|left behind"
cat /proc/iomem | grep febe
# The device is free for the in-kernel driver again.
dma bind
dma unbind
# dma_bits=24: a device that reaches only ZONE_DMA (16 MiB).  Without a
# swiotlb on this 256 MiB machine the pinned buffer (above 16 MiB) cannot
# be reached: dma_map_sg() fails with Linux's line and write() with ENOMEM.
insmod dmacopy.so dma_bits=24
open /dev/dmacopy rdwr
set fd $_
write $fd $buf "unreachable"
dmesg | grep "Cannot do DMA|cannot map"
close $fd
rmmod dmacopy
# A bad parameter fails the probe: the module loads, no device appears.
insmod dmacopy.so dma_bits=8
dmesg | grep "dma_bits=8|failed with error"
ls /dev
rmmod dmacopy
audit
