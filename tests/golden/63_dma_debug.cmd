#mmlab: --keep-going
# DMA-API debugging: what a buggy driver gets told in dmesg.
dma bind
kmalloc 256
set buf $_
dma map $buf 256 to_device
set bus $_
dma sync $bus 256 from_device cpu
dma unmap $bus 128 from_device
dma unmap $bus 256 to_device
dma map $buf 256 bidirectional
dma unbind
dmesg | grep "DMA-API|One of"
dma
# DMA from a process's memory: pinned pages as a scatterlist, no CPU copy.
dma bind
spawn
mmap 0 0x10000 rw- private,anonymous
set a $_
space user
wd $a 6c6c6568
ww $a+4 0a6f
dma user $a $a+0x8003 8
db $a+0x8000
space phys
dma
audit
