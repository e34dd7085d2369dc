#mmlab: --ram 6G
# RAM above 4 GiB: zone Normal, and physical addresses wider than 32 bits.
dmesg | grep -i "e820|zone|DMA|Normal"
cat /proc/iomem | grep -v "^ "
cat /proc/buddyinfo
layout
va 0x100000000
walk $_
wq 100000000 0123456789abcdef
rq 100000000
dq 100000000 | head 2
alloc_pages 10 GFP_KERNEL
alloc_pages 10 GFP_DMA32
