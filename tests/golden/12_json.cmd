#mmlab: --json --keep-going
# --json: one object per command.
kmalloc 100
ksize $_
alloc_pages 0
vmalloc 8K
vmalloc_to_pfn $_ 2
ioremap 0xfebf0000 0x1000
rd k:$_
db b8000
walk 0xffff888001000000
walk 0x1000 w
inl 0x510
tlb
cat /proc/cmdline
echo "a \"quoted\" line"
kfree 0x42
layout
audit
