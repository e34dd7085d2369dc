#mmlab: --keep-going --root data
# A page's LRU list and age.  Page-cache pages start on the inactive file
# list; read() marks them referenced, a second read() activates them; the
# MMU's accessed bit shows as a young PTE.  MADV_COLD deactivates, mlock
# moves the page to the unevictable list, MADV_PAGEOUT reclaims it.
spawn reader
open hello.txt rdonly
set fd $_
mmap 4K r-- shared $fd 0
set s $_
rb u:$s
pagemap $s
set page $_
page $page
pread $fd 4 0
page $page
pread $fd 4 0
page $page
madvise $s 4K cold
page $page
mlock $s 4K
page $page
cat /proc/meminfo | grep -E "Active|Inactive|Unevictable|Mlocked"
munlock $s 4K
page $page
madvise $s 4K pageout
mincore $s 4K
cat /proc/vmstat | grep -E "^pgactivate|^pgdeactivate|^nr_.*active_file"
page $page
page 0x999999999
audit
