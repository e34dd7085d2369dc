#mmlab: --keep-going --root @TMPDIR@
# A swap area on a host file: mkswap writes Linux's header, swapon adds
# it (priorities -2, -3, ... unless -p), /proc/swaps and meminfo show it.
spawn swapper
mkswap /swapfile 1M
swapon /swapfile
swapon -s
cat /proc/meminfo | grep Swap
dmesg | grep swap
# Errors as Linux: already on, not a swap area, not on.
swapon /swapfile
mkswap /other 64K
swapoff /other
swapon -p 5 /other
swapon -s
swapoff /other
swapoff /swapfile
swapon -s
