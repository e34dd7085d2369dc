#mmlab: --keep-going
# Addresses and page tables: __pa/__va, walks, faults, the TLB.
va 0x1000000
set lm $_
pa $lm
walk $lm
walk 0xffff888000000000
walk 0xffff888000000000 w
walk 0xffff888000000000 x
walk 0xffff888000000000 r user
walk 0x400000
walk 0xffffc90000000000 w
walk 0x800000000000
walk $lm q
pa 0xffffc90000000000
pa 0x1234
va 0x100000000
tlb flush
tlb
rq k:$lm
rq k:$lm+8
rq k:$lm+0x1000
tlb
tlb dump
tlb frobnicate
