#mmlab: --keep-going --ram 16M --cmdline swiotlb=64,force
# dmacopy with dma_bits=24 and the swiotlb: on a 16 MiB machine the bounce
# pool lies inside ZONE_DMA, so a 24-bit device can use it (on a bigger
# machine it lies above 16 MiB and the DMA API reports the overflow; x86
# Linux puts it below 4 GiB, where a 24-bit device cannot reach it
# either).  swiotlb=force: every streaming mapping bounces.
dmesg | grep "IO TLB"
insmod dmacopy.so dma_bits=24
spawn user
mmap 16K rw- private,anonymous
set buf $_
open /dev/dmacopy rdwr
set fd $_
trace on
write $fd $buf+0xff0 "bounced through the software IO TLB"
read $fd $buf+0x3000 35
trace off
# The bus addresses are swiotlb slots, not the buffers' frames.
dmesg | grep "mmlab-dma.0:|swiotlb"
cat /sys/kernel/debug/swiotlb/io_tlb_used
cat /sys/kernel/debug/swiotlb/io_tlb_used_hiwater
close $fd
rmmod dmacopy
audit
