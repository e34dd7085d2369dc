#mmlab: --keep-going
# With --keep-going every command runs; the status is still 1.
echo before
frobnicate 1 2 3
kfree 0x42; echo goes on
kfree $nosuchvar
echo "unterminated
echo after
