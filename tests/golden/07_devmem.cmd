#mmlab: --keep-going
# The /dev/mem tool: d r w with sticky widths, ';', spaces and prefixes.
wb b8000 41; wb b8001 07; ww b8002 0742; wd b8004 07440743
d b8000 | head 2
dw b8000 | head 1
r b8000
rb b8000
r b8000
dd b8000 | head 1
dq b8000 | head 1
rq b8000
db
d 0 | head 1
w b8010 0x4d; r b8010
space
space kernel
rd ffff888000001000
wd ffff888000001000 deadbeef; rd ffff888000001000; rd p:1000
space phys
rd k:ffff888000001000
rd 1000
rd ffffffff00000
rw b8001
rd febf0000
rd 0xfebf0000
rd febf0000 extra
wb b8000 100
wd b8000 xyz
r zzz
space user
rd k:ffffc90000000000
rd k:1000
rd k:8000000000000000
