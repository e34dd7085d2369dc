#mmlab: --keep-going
# The same access pattern under each replacement policy, side by side:
# the classic two-list LRU (lru=classic) and the generational one (lru=gen).
workload seq 24M ram=16M seed=1
workload loop 24M ram=16M seed=1
workload zipf 24M ram=16M seed=7
workload fork 24M ram=16M seed=7
workload random 1M
