# A pinned anonymous page outlives its mm: after exec the page is unmapped,
# its anon_vma is gone, and rmap finds no mapping (found by fuzz_shell: the
# walk followed the stale anon_vma).
spawn task
mmap 8K rw- private,anonymous
set a $_
wb u:$a 1
pagemap $a 1
set p $_
pin $a 1 write
exec
rmap $p
unpin $p
audit
