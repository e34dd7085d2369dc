#mmlab: --keep-going
# The DMA engine and its driver: bind, the interrupt it gets, transfers by
# bus address, round trips through coherent, streaming and pool buffers.
dma
dma bind
dma
cat /proc/interrupts
cat /proc/iomem | grep "mmlab-dma|IOAPIC"
dma copy coherent 64K
dma copy single 8192
dma copy pool 512
cat /proc/interrupts
# The engine moves bytes over the bus, to RAM and to MMIO (the VGA text).
wd 300000 07690748
dma run 0x300000 0xb8000 4
vga | head 2
# An address nobody decodes: an error status, the driver's dmesg line.
dma run 0xe0000000 0x200000 4096
dmesg | grep "DMA error"
# A mask below ZONE_DMA is refused; 24 bits gets coherent memory in ZONE_DMA.
dma bits 20
trace on
dma bits 24
dma copy coherent 4096
trace off
dma
audit
