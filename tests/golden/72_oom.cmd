#mmlab: --ram 64M --keep-going
# The OOM killer.  Without swap, anonymous memory cannot be reclaimed:
# when direct reclaim frees nothing the task with the highest badness
# (RSS + page tables + oom_score_adj) is killed, its memory reaped, and
# the kernel log shows Linux's report.
stress anon 8M
stress anon 30M
cat /proc/2/oom_score
cat /proc/2/oom_score_adj
task 1
oom_score_adj 500
cat /proc/1/oom_score
oom_score_adj 1001
stress anon 30M
dmesg | grep -E "invoked oom-killer|Killed process|oom_reaper|oom-kill:|Tasks state|pid  "
ps
cat /proc/vmstat | grep oom_kill
task 1
rb u:0x7ffff7ffe000
audit
