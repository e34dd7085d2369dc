#mmlab: --ram 64M --cmdline kswapd=manual --keep-going
# kswapd as a step of the machine.  The watermarks come from
# min_free_kbytes (sqrt(16 * lowmem kB)) and watermark_scale_factor; an
# allocation that finds a zone below low wakes kswapd, which (with
# kswapd=manual) waits for the `kswapd` step and then reclaims until a zone
# is above high.  Allocations that reach min reclaim directly.
sysctl vm.min_free_kbytes
sysctl vm.watermark_scale_factor
cat /proc/zoneinfo | grep -E "^Node|^        (min|low|high) "
stress file 40M
kswapd run
stress file 40M
cat /proc/vmstat | grep -E "^(pgscan|pgsteal)_(kswapd|direct)|^allocstall_dma32|^pageoutrun"
kswapd run
sysctl vm.watermark_scale_factor=1000
cat /proc/zoneinfo | grep -E "^Node|^        (min|low|high) "
kswapd wake
cat /proc/vmstat | grep -E "^(pgscan|pgsteal)_kswapd|^pageoutrun"
sysctl vm.swappiness=201
sysctl vm.nosuch
kswapd later
audit
