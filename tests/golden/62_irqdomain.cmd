#mmlab: --keep-going
# irq_domains: the I/O APIC's linear map (pin 11, the DMA engine's, is
# mapped at boot: IRQ 24), and software ones of each kind.
irqdomain
irq domain linear gpio 16
irq domain tree msi
irq domain nomap direct 200
irq map gpio 3
irq map gpio 3
irq map gpio 16
irq map msi 100000
irq map direct 0
irqdomain
irq request 26
irq handle msi 100000
irq handle msi 7
irq handle gpio 3
cat /proc/interrupts
irq free 26
irq free 26
dmesg | grep "cut here|Trying|WARNING|end trace"
irq dispose 25
irq remove msi
irq remove IO-APIC-0
irqdomain
audit
