#mmlab: --keep-going
# The devmem tool of the source documents, run by a task: /dev/mem opened
# O_RDWR|O_SYNC, one page mapped MAP_SHARED, then d/r/w on offsets.
spawn devmem
devmem
# The VGA text buffer: the bytes the task stores appear on the screen.
devmem b8000
wb 0 48; wb 1 1f; w 2 69; w 3 1f; w 4 21; w 5 1f
db 0 | head 1
rw 0
vga
maps
smaps 0x7ffff7ffe000 | grep -v "kB$"
# The register block's ID register, read from user space; O_SYNC: PCD.
devmem febf0000
rd 0
wd 8 cafe; rd 8
rd p:febf0008
walk u:0x7ffff7ffe000
# read() reaches only the direct map; System RAM reads as zeros in the
# first megabyte and is refused above it.
pread 3 8 0xb8000
pread 3 8 0x1000
pread 3 8 0x100000
pread 3 8 0xfebf0000
# Offsets outside the window, a bad value; leaving the window and back.
r 1000
w 0 x
space
space phys
rd febf0000
rd m:8
space devmem
# Pages /dev/mem may not map: the program's "Unable to mmap".  A new run
# of the program replaces the window, so a failed one leaves none.
devmem 100000
devmem ffffffffffff000
space devmem
devmem febf0000
devmem off
audit
