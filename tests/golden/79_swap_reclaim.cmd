#mmlab: --keep-going --ram 32M --root @TMPDIR@
# Reclaim meets swap: on a 32 MiB machine with 64 MiB of swap, a 48 MiB
# anonymous working set runs without the OOM killer; kswapd (and direct
# reclaim) write the coldest anonymous pages to swap.
spawn owner
mkswap /swapfile 64M
swapon /swapfile
mmap 16K rw- private|anonymous
set a $_
wb u:$a 0x5a
walk u:$a
stress anon 48M
cat /proc/vmstat | grep -E "^(pswpout|pgscan_anon|pgsteal_anon|pgsteal_kswapd|pgsteal_direct|oom_kill) "
cat /proc/meminfo | grep -E "^(SwapTotal|SwapFree|SwapCached)"
# The owner's page was the coldest: its PTE now holds a swap entry.
task 1
walk u:$a
pagemap $a 1
# Touching it back reads it from swap: a major fault.
rb u:$a
faults
cat /proc/vmstat | grep -E "^(pswpin|pgmajfault) "
pagemap $a 1
audit
