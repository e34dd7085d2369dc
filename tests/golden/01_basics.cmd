# The shell itself: help, echo, variables, numbers, comments.
help kmalloc
help dw
help walk
echo hello,   world "with  spaces" 'and $_ quoted'
echo one; echo two ; echo three
set base 0x1000
set size 64K
echo $base $size
set next $base+$size-1
echo $next
ls /proc
help nosuchcommand
