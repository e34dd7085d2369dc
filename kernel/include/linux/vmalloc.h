/* SPDX-License-Identifier: MIT */
/*
 * vmalloc and the vmap area allocator: virtually contiguous kernel memory
 * built from scattered frames, mapped by page tables in the vmalloc area
 * (VMALLOC_START..VMALLOC_END), a guard page after each area.  ioremap()
 * takes its virtual ranges from here too.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/types.h>
#include <asm/pgtable_types.h>

struct mml_machine;
struct seq_buf;
struct page;

/* As Linux: VMALLOC_END is the area's last byte, so this is one short. */
#define VMALLOC_TOTAL	(VMALLOC_END - VMALLOC_START)

#define VM_IOREMAP	0x00000001ul
#define VM_ALLOC	0x00000002ul
#define VM_MAP		0x00000004ul
#define VM_USERMAP	0x00000008ul
#define VM_NO_GUARD	0x00000040ul

struct vm_struct {
	void *addr;			/* kernel virtual address */
	unsigned long size;		/* including the guard page */
	unsigned long flags;
	struct page **pages;		/* VM_ALLOC: the frames */
	unsigned int nr_pages;
	phys_addr_t phys_addr;		/* VM_IOREMAP */
	const char *caller;		/* function that asked, for vmallocinfo */
	pgprot_t prot;			/* mmlab: how the pages are mapped (audit) */
};

/* The usable size of @vm: without the guard page. */
static inline unsigned long get_vm_area_size(const struct vm_struct *vm)
{
	if (!(vm->flags & VM_NO_GUARD))
		return vm->size - PAGE_SIZE;
	return vm->size;
}

int vmalloc_init(void);
void vmalloc_exit(void);

void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *vmalloc_user(unsigned long size);
struct vm_area_struct;
int remap_vmalloc_range(struct vm_area_struct *vma, void *addr,
			unsigned long pgoff);
int remap_vmalloc_range_partial(struct vm_area_struct *vma,
				unsigned long uaddr, void *kaddr,
				unsigned long pgoff, unsigned long size);
void *__vmalloc_caller(unsigned long size, gfp_t gfp, const char *caller);
void vfree(const void *addr);

struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const char *caller);
struct vm_struct *find_vm_area(const void *addr);
/* Unmap and free the area at @addr, returning its vm_struct to the caller. */
struct vm_struct *remove_vm_area(const void *addr);
void free_vm_struct(struct vm_struct *vm);

/*
 * vmap_page_range() - map [@addr, @end) to the contiguous physical range
 * at @phys with @prot, allocating page tables as needed (ioremap's path).
 * Return: 0, or -ENOMEM with nothing of the range left mapped.
 */
int vmap_page_range(unsigned long addr, unsigned long end, phys_addr_t phys,
		    pgprot_t prot);
void vunmap_range(unsigned long addr, unsigned long end);

bool is_vmalloc_addr(const void *addr);
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);

/* For /proc/meminfo: pages backing vmalloc areas. */
unsigned long vmalloc_nr_pages(void);
void vmallocinfo_show(struct seq_buf *s);
int vmalloc_audit(char *msg, size_t n);

#endif
