#mmlab: --keep-going
# ioremap: one device at two virtual addresses; cache types; MMIO helpers.
ioremap 0xfebf0000 0x1000
set a $_
ioremap 0xfebf0000 4K
set b $_
rd k:$a
rd k:$b
rd k:$a+4
wd k:$a+8 12345678
rd k:$b+8
rd febf0008
# The PAT's memtype tree has the page reserved UC- (twice): a WC or UC
# request takes UC- (PCD), as Linux's memtype_reserve() answers.
cat /sys/kernel/debug/x86/pat_memtype_list
ioremap 0xfebf0000 0x1000 wc
set c $_
ioremap 0xfebf0000 0x1000 uc
set d $_
walk $c
walk $d
cat /proc/vmallocinfo | grep ioremap
ioremap 0xb8000 4000
set vga $_
memset_io $vga 0 4000
memcpy_toio $vga "m\x1fm\x1fl\x1fa\x1fb\x1f"
memcpy_fromio $vga 16
vga
iounmap $a
iounmap $a
iounmap 0x1234
ioremap 0xfebf0000 0x1000 cache
ioremap 0xfebf0000 0x1000 wb
ioremap 0xfebf0000 0
rd k:$a
iounmap $b
iounmap $c
iounmap $d
iounmap $vga
audit
