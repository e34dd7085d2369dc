// SPDX-License-Identifier: MIT
/*
 * Shared anonymous memory (Linux's shmem_zero_setup()): MAP_SHARED |
 * MAP_ANONYMOUS and shared mappings of /dev/zero get an in-memory object
 * of the mapping's size, named "/dev/zero (deleted)", whose pages live
 * only in its page cache and are made zeroed on the first fault.  Every
 * mapping that shares the object (fork keeps it) sees the same pages.
 */
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/stat.h>

/* The internal shm mount's device, as maps prints it: 00:01. */
#define SHMEM_DEV	MKDEV(0, 1)

/*
 * shmem_fault() - the object's page at vmf->pgoff, zeroed when new.
 * Return: 0 with vmf->page referenced, VM_FAULT_SIGBUS past the object's
 * size (as Linux: a grown mapping does not grow the object), VM_FAULT_OOM.
 */
static vm_fault_t shmem_fault(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct page *page;

	if ((u64)vmf->pgoff >= DIV_ROUND_UP(file->f_inode->i_size, PAGE_SIZE))
		return VM_FAULT_SIGBUS;
	page = filemap_get_page(file->f_mapping, vmf->pgoff, NULL);
	if (IS_ERR(page))
		return VM_FAULT_OOM;
	vmf->page = page;
	return 0;
}

const struct vm_operations_struct shmem_anon_vm_ops = {
	.fault = shmem_fault,
	.map_pages = filemap_map_pages,
};

static int shmem_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &shmem_anon_vm_ops;
	return 0;
}

/* noop_fsync(): the pages are the object; there is nowhere to write. */
static int shmem_fsync(struct file *file, long long start, long long end,
		       int datasync)
{
	return 0;
}

static const struct file_operations shmem_fops = {
	.llseek = generic_file_llseek,
	.read_iter = generic_file_read_iter,
	.write_iter = generic_file_write_iter,
	.mmap = shmem_mmap,
	.fsync = shmem_fsync,
};

/*
 * No ->read_folio (a new page is zeroed) and no ->writepages (without
 * swap, nothing to write to): dirty pages are only flagged.
 */
static const struct address_space_operations shmem_aops = {
	.dirty_folio = noop_dirty_folio,
};

/** shmem_mapping() - is @mapping a shmem object's page cache? */
bool shmem_mapping(const struct address_space *mapping)
{
	return mapping->a_ops == &shmem_aops;
}

/**
 * shmem_zero_file() - a new shared anonymous object of @size bytes.
 * Return: its file (f_count 1, read-write), ERR_PTR(-EINVAL) for a size
 * over MAX_LFS_FILESIZE, or ERR_PTR(-ENOMEM).
 */
struct file *shmem_zero_file(unsigned long size)
{
	struct mml_machine *m = current_machine();
	struct inode *inode;
	struct file *f;

	if (size > (unsigned long)MAX_LFS_FILESIZE)
		return ERR_PTR(-EINVAL);
	inode = new_inode(SHMEM_DEV, ++m->shmem_last_ino);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_size = size;
	inode->i_mode = S_IFREG | 0777;
	inode->i_fop = &shmem_fops;
	inode->i_data.a_ops = &shmem_aops;
	inode->i_deleted = true;
	f = alloc_file(inode, O_RDWR, "/dev/zero", &shmem_fops);
	return f ? f : ERR_PTR(-ENOMEM);
}

/**
 * shmem_zero_setup() - back shared anonymous VMA @vma with a new shmem
 * object of its size, replacing (and releasing) any file it had.
 * Return: 0, or -ENOMEM.
 */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = shmem_zero_file(vma->vm_end - vma->vm_start);

	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	if (vma->vm_file)
		fput(vma->vm_file);
	vma->vm_file = file;
	vma->vm_ops = &shmem_anon_vm_ops;
	return 0;
}

/** vma_is_shmem() - is @vma backed by a shmem object? */
bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &shmem_anon_vm_ops;
}
