# Linux's page-table dump (CONFIG_PTDUMP_DEBUGFS: arch/x86/mm/dump_pagetables.c):
# the address space as runs of entries with the same protection and level.
# Empty PGD entries are "p4d" (the P4D is folded into the PGD); a marker
# line is printed when the first run at or past its address ends.  The
# direct map: the first 2 MiB in 4K pages, then 2M leaves (PSE).
cat /sys/kernel/debug/page_tables/kernel
# vmalloc() and ioremap() (UC-: PCD) add PTE runs in the vmalloc area.
vmalloc 12K
set v $_
ioremap 0xfebf0000 0x1000
set io $_
cat /sys/kernel/debug/page_tables/kernel
vfree $v
iounmap $io
# A task: written pages are present (USR, NX), a read-only one "ro", a
# PROT_NONE one a run of its own without flags.  current_user is the
# same as current_kernel: mmlab has no page-table isolation (Linux with
# PTI off shows the same PGD in both).
spawn user
mmap 16K rw- private,anonymous
set a $_
wb u:$a 0x41
wb u:$a+0x1000 0x42
wb u:$a+0x2000 0x43
mprotect $a+4K 4K r--
mprotect $a+8K 4K ---
cat /sys/kernel/debug/page_tables/current_user
audit
