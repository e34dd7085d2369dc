#mmlab: --keep-going --cmdline swiotlb=256,force
# swiotlb=force: every streaming mapping bounces through the slots.
dmesg | grep "IO TLB"
dma bind
kmalloc 8192
set buf $_
dma map $buf 8192 to_device
set bus $_
cat /sys/kernel/debug/swiotlb/io_tlb_used
dma unmap $bus 8192 to_device
cat /sys/kernel/debug/swiotlb/io_tlb_used
trace on
dma copy single 3000
trace off
# Full: 256 slots of 2 KiB; one mapping may span 128 of them.
dma map $buf 300K to_device
dma
audit
