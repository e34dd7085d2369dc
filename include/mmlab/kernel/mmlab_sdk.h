/* SPDX-License-Identifier: MIT */
/*
 * The mmlab driver SDK: what a Linux driver's #include <linux/...> finds
 * when it is built against mmlab (cc $(pkg-config --cflags mmlab-driver)
 * -shared -fPIC -o drv.so drv.c).  Every <linux/X.h> of the SDK includes
 * this one header.
 *
 * Linux's names map onto exported mml_drv_*() entry points of libmmlab
 * (static inlines and macros), so libmmlab exports only mml_* symbols and
 * a program's own kmalloc() never collides with the SDK's.  The machine a
 * driver runs in is implicit, as Linux's globals are: the one whose
 * kernel called the driver (insmod, an open, a read ...).
 *
 * The structures a driver touches (struct file, inode's i_rdev,
 * vm_area_struct, vm_fault, file_operations, vm_operations_struct, cdev,
 * miscdevice) have the kernel's layout; tests/link/abi_*.c compare every
 * field's offset on both sides.  Memory: kmalloc() returns a pointer the
 * driver dereferences (the simulated direct map, seen from the host);
 * vmalloc() and ioremap() return simulated kernel addresses, reached with
 * vmalloc_to_page() and readl()/writel()/memcpy_toio() (see docs/drivers.md).
 */
#ifndef MMLAB_SDK_H
#define MMLAB_SDK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>		/* snprintf() and friends, as linux/kernel.h has */
#include <string.h>
/* Linux's errno values, from the kernel's own uapi header (which the
 * system's <linux/errno.h>, and so glibc's <errno.h>, include too). */
#include <asm/errno.h>

#define __MMLAB_DRIVER_SDK	1

/* --- types (linux/types.h, linux/compiler.h) ----------------------------- */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef long ssize_t;
typedef long long loff_t;
typedef u32 dev_t;
typedef unsigned int gfp_t;
typedef u64 phys_addr_t;
typedef u64 resource_size_t;
typedef u64 dma_addr_t;
typedef unsigned long pgoff_t;
typedef unsigned short umode_t;
typedef int vm_fault_t;
typedef struct { u64 pgprot; } pgprot_t;

#define __user
#define __iomem
#define __init
#define __exit
#define __initdata
#define __must_check	__attribute__((warn_unused_result))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

struct list_head {
	struct list_head *next, *prev;
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }

/* --- printk (linux/printk.h) -------------------------------------------- */

#define KERN_EMERG	"<0>"
#define KERN_ALERT	"<1>"
#define KERN_CRIT	"<2>"
#define KERN_ERR	"<3>"
#define KERN_WARNING	"<4>"
#define KERN_NOTICE	"<5>"
#define KERN_INFO	"<6>"
#define KERN_DEBUG	"<7>"
#define KERN_CONT	"<c>"

int mml_drv_vprintk(const char *fmt, va_list ap);

__printf(1, 2) static inline int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mml_drv_vprintk(fmt, ap);
	va_end(ap);
	return n;
}

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { if (0) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__); } while (0)

/* --- modules (linux/module.h, linux/moduleparam.h, linux/init.h) --------- */

struct module;
/* The module's anchor: THIS_MODULE is its address (the loader's key). */
struct __mml_this_module {
	char __name[56];
};
extern struct __mml_this_module __this_module;
#define THIS_MODULE	((struct module *)&__this_module)
#define __MML_ANCHOR \
	__attribute__((weak, visibility("default"))) struct __mml_this_module __this_module

#define module_init(fn)							\
	__MML_ANCHOR;							\
	int init_module(void) __attribute__((alias(#fn), visibility("default")))
#define module_exit(fn)							\
	__MML_ANCHOR;							\
	void cleanup_module(void) __attribute__((alias(#fn), visibility("default")))

#define __MML_CAT2(a, b)	a##b
#define __MML_CAT(a, b)		__MML_CAT2(a, b)
#define MODULE_INFO(tag, info)						\
	__MML_ANCHOR;							\
	static const char __MML_CAT(__mml_modinfo_, __COUNTER__)[]	\
		__attribute__((used, section(".modinfo"), aligned(1))) = #tag "=" info
#define MODULE_LICENSE(l)	MODULE_INFO(license, l)
#define MODULE_AUTHOR(a)	MODULE_INFO(author, a)
#define MODULE_DESCRIPTION(d)	MODULE_INFO(description, d)
#define MODULE_VERSION(v)	MODULE_INFO(version, v)
#define MODULE_ALIAS(a)		MODULE_INFO(alias, a)
#define MODULE_PARM_DESC(p, d)	MODULE_INFO(parm, #p ":" d)

/* As the kernel's linux/moduleparam.h: the loader reads these by name. */
enum mml_param_type {
	MML_PARAM_int,
	MML_PARAM_uint,
	MML_PARAM_long,
	MML_PARAM_ulong,
	MML_PARAM_charp,
	MML_PARAM_bool,
	MML_PARAM_short,
	MML_PARAM_ushort,
};

struct mml_module_param {
	const char *name;
	int type;
	unsigned int perm;
	void *arg;
};

typedef int __mml_ptype_int;
typedef unsigned int __mml_ptype_uint;
typedef long __mml_ptype_long;
typedef unsigned long __mml_ptype_ulong;
typedef char *__mml_ptype_charp;
typedef bool __mml_ptype_bool;
typedef short __mml_ptype_short;
typedef unsigned short __mml_ptype_ushort;

/* module_param(name, type, perm): the variable's type must be @type's. */
#define module_param(name, type, perm)					\
	static inline __mml_ptype_##type *__mml_param_check_##name(void) \
	{ return &(name); }						\
	__attribute__((visibility("default"), used))			\
	const struct mml_module_param __mml_param_##name =		\
		{ #name, MML_PARAM_##type, (perm), &(name) }
#define module_param_named(name, value, type, perm)			\
	static inline __mml_ptype_##type *__mml_param_check_##name(void) \
	{ return &(value); }						\
	__attribute__((visibility("default"), used))			\
	const struct mml_module_param __mml_param_##name =		\
		{ #name, MML_PARAM_##type, (perm), &(value) }

#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001
#define S_IRUGO		(S_IRUSR | S_IRGRP | S_IROTH)
#define S_IWUGO		(S_IWUSR | S_IWGRP | S_IWOTH)

/* --- pages and memory (linux/mm.h, slab.h, vmalloc.h, io.h) -------------- */

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

/* gfp flags: the kernel's values (linux/gfp.h). */
#define ___GFP_DMA		0x01u
#define ___GFP_HIGHMEM		0x02u
#define ___GFP_DMA32		0x04u
#define __GFP_DMA		___GFP_DMA
#define __GFP_DMA32		___GFP_DMA32
#define __GFP_ZERO		0x100u
#define __GFP_NOWARN		0x2000u
#define __GFP_RECLAIM		(0x400u | 0x800u)
#define __GFP_IO		0x40u
#define __GFP_FS		0x80u
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_ATOMIC		(0x20u | 0x800u)
#define GFP_NOWAIT		0x800u
#define GFP_USER		GFP_KERNEL
#define GFP_DMA			__GFP_DMA
#define GFP_DMA32		__GFP_DMA32

struct page;

void *mml_drv_kmalloc(size_t size, gfp_t gfp);
void mml_drv_kfree(const void *p);
void *mml_drv_vmalloc(unsigned long size, int kind);
void mml_drv_vfree(const void *addr);
struct page *mml_drv_vmalloc_to_page(const void *addr);
unsigned long mml_drv_vmalloc_to_pfn(const void *addr);
void mml_drv_get_page(struct page *page);
void mml_drv_put_page(struct page *page);
unsigned long mml_drv_page_to_pfn(const struct page *page);
struct page *mml_drv_pfn_to_page(unsigned long pfn);
phys_addr_t mml_drv_virt_to_phys(const volatile void *addr);
void *mml_drv_phys_to_virt(phys_addr_t pa);
void *mml_drv_page_address(const struct page *page);

static inline void *kmalloc(size_t size, gfp_t gfp) { return mml_drv_kmalloc(size, gfp); }
static inline void *kzalloc(size_t size, gfp_t gfp) { return mml_drv_kmalloc(size, gfp | __GFP_ZERO); }
static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return mml_drv_kmalloc(n * size, gfp | __GFP_ZERO);
}
static inline void kfree(const void *p) { mml_drv_kfree(p); }

#define MML_VMALLOC		0
#define MML_VZALLOC		1
#define MML_VMALLOC_USER	2
static inline void *vmalloc(unsigned long size) { return mml_drv_vmalloc(size, MML_VMALLOC); }
static inline void *vzalloc(unsigned long size) { return mml_drv_vmalloc(size, MML_VZALLOC); }
static inline void *vmalloc_user(unsigned long size) { return mml_drv_vmalloc(size, MML_VMALLOC_USER); }
static inline void vfree(const void *addr) { mml_drv_vfree(addr); }
static inline struct page *vmalloc_to_page(const void *addr) { return mml_drv_vmalloc_to_page(addr); }
static inline unsigned long vmalloc_to_pfn(const void *addr) { return mml_drv_vmalloc_to_pfn(addr); }
static inline void get_page(struct page *page) { mml_drv_get_page(page); }
static inline void put_page(struct page *page) { mml_drv_put_page(page); }
static inline unsigned long page_to_pfn(const struct page *page) { return mml_drv_page_to_pfn(page); }
static inline struct page *pfn_to_page(unsigned long pfn) { return mml_drv_pfn_to_page(pfn); }
static inline phys_addr_t virt_to_phys(const volatile void *addr) { return mml_drv_virt_to_phys(addr); }
static inline void *phys_to_virt(phys_addr_t pa) { return mml_drv_phys_to_virt(pa); }
/* page_address(): the page's direct-map address, as the driver dereferences it. */
static inline void *page_address(const struct page *page) { return mml_drv_page_address(page); }
#define __pa(x)		virt_to_phys((void *)(x))
#define __va(x)		phys_to_virt((phys_addr_t)(x))
#define virt_to_page(x)	pfn_to_page(virt_to_phys(x) >> PAGE_SHIFT)
#define page_to_phys(p)	((phys_addr_t)page_to_pfn(p) << PAGE_SHIFT)

/* --- page attributes (asm/set_memory.h, x86's CPA) ----------------------- */

/*
 * @addr: a kmalloc()/page_address() pointer cast to unsigned long (the
 * direct map, as the driver sees it) or a vmalloc() address.
 */
int mml_drv_set_memory(unsigned long addr, int numpages, int op);
#define MML_DRV_SET_MEMORY(name, op)					\
static inline int set_memory_##name(unsigned long addr, int numpages)	\
{ return mml_drv_set_memory(addr, numpages, op); }
MML_DRV_SET_MEMORY(uc, 0)
MML_DRV_SET_MEMORY(wc, 1)
MML_DRV_SET_MEMORY(wb, 2)
MML_DRV_SET_MEMORY(ro, 3)
MML_DRV_SET_MEMORY(rw, 4)
MML_DRV_SET_MEMORY(x, 5)
MML_DRV_SET_MEMORY(nx, 6)
MML_DRV_SET_MEMORY(np, 7)
MML_DRV_SET_MEMORY(p, 8)
#undef MML_DRV_SET_MEMORY

/* --- interrupts (linux/interrupt.h) ------------------------------------- */

enum irqreturn {
	IRQ_NONE		= 0,
	IRQ_HANDLED		= 1 << 0,
	IRQ_WAKE_THREAD		= 1 << 1,
};
typedef enum irqreturn irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_TRIGGER_RISING	0x00000001u
#define IRQF_TRIGGER_FALLING	0x00000002u
#define IRQF_TRIGGER_HIGH	0x00000004u
#define IRQF_TRIGGER_LOW	0x00000008u
#define IRQF_SHARED		0x00000080u
#define IRQF_NO_AUTOEN		0x00080000u

int mml_drv_request_irq(unsigned int irq, irq_handler_t handler,
			unsigned long flags, const char *name, void *dev);
const void *mml_drv_free_irq(unsigned int irq, void *dev);

/* request_irq(): @handler runs for each interrupt on @irq (a virq someone
 * mapped); an irq the module still holds at unload is freed and reported. */
static inline int __must_check
request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
	    const char *name, void *dev)
{
	return mml_drv_request_irq(irq, handler, flags, name, dev);
}
static inline const void *free_irq(unsigned int irq, void *dev)
{
	return mml_drv_free_irq(irq, dev);
}

/* --- pinning user pages (linux/mm.h) and kmap (linux/highmem.h) ---------- */

/* gup_flags, with Linux 6.x's values (include/linux/mm_types.h).  The
 * SDK accepts FOLL_WRITE and FOLL_LONGTERM (mmlab has no movable zone or
 * CMA, so a long-term pin migrates nothing); any other flag is -EINVAL. */
#define FOLL_WRITE	(1U << 0)
#define FOLL_LONGTERM	(1U << 8)

long mml_drv_pin_user_pages(unsigned long start, unsigned long nr_pages,
			    unsigned int gup_flags, struct page **pages);
void mml_drv_unpin_user_page(struct page *page);

/* pin_user_pages(): the current task's pages behind [start, start +
 * nr_pages pages), faulted in as needed, each pinned (FOLL_PIN); with
 * FOLL_WRITE copy-on-write is broken first.  Returns the number pinned
 * (maybe fewer than asked) or a -errno. */
static inline long pin_user_pages(unsigned long start, unsigned long nr_pages,
				  unsigned int gup_flags, struct page **pages)
{
	return mml_drv_pin_user_pages(start, nr_pages, gup_flags, pages);
}
static inline int pin_user_pages_fast(unsigned long start, int nr_pages,
				      unsigned int gup_flags, struct page **pages)
{
	if (nr_pages <= 0)
		return 0;
	return (int)mml_drv_pin_user_pages(start, (unsigned long)nr_pages, gup_flags, pages);
}
static inline void unpin_user_page(struct page *page) { mml_drv_unpin_user_page(page); }
static inline void unpin_user_pages(struct page **pages, unsigned long npages)
{
	unsigned long i;

	for (i = 0; i < npages; i++)
		mml_drv_unpin_user_page(pages[i]);
}
/* x86-64 has no highmem: a kmap is the page's direct-map address. */
static inline void *kmap_local_page(struct page *page) { return mml_drv_page_address(page); }
static inline void *kmap(struct page *page) { return mml_drv_page_address(page); }
#define kunmap_local(addr)	((void)(addr))
static inline void kunmap(struct page *page) { (void)page; }

#define MML_IOREMAP_UC		0
#define MML_IOREMAP_WC		1
#define MML_IOREMAP_CACHE	2
void __iomem *mml_drv_ioremap(phys_addr_t phys, size_t size, int kind);
void mml_drv_iounmap(volatile void __iomem *addr);
u64 mml_drv_readx(const volatile void __iomem *addr, int width);
void mml_drv_writex(u64 v, volatile void __iomem *addr, int width);
void mml_drv_memcpy_fromio(void *dst, const volatile void __iomem *src, size_t n);
void mml_drv_memcpy_toio(volatile void __iomem *dst, const void *src, size_t n);
void mml_drv_memset_io(volatile void __iomem *dst, int c, size_t n);

static inline void __iomem *ioremap(phys_addr_t p, size_t n) { return mml_drv_ioremap(p, n, MML_IOREMAP_UC); }
static inline void __iomem *ioremap_wc(phys_addr_t p, size_t n) { return mml_drv_ioremap(p, n, MML_IOREMAP_WC); }
static inline void __iomem *ioremap_cache(phys_addr_t p, size_t n) { return mml_drv_ioremap(p, n, MML_IOREMAP_CACHE); }
static inline void iounmap(volatile void __iomem *a) { mml_drv_iounmap(a); }
static inline u8 readb(const volatile void __iomem *a) { return (u8)mml_drv_readx(a, 1); }
static inline u16 readw(const volatile void __iomem *a) { return (u16)mml_drv_readx(a, 2); }
static inline u32 readl(const volatile void __iomem *a) { return (u32)mml_drv_readx(a, 4); }
static inline u64 readq(const volatile void __iomem *a) { return mml_drv_readx(a, 8); }
static inline void writeb(u8 v, volatile void __iomem *a) { mml_drv_writex(v, a, 1); }
static inline void writew(u16 v, volatile void __iomem *a) { mml_drv_writex(v, a, 2); }
static inline void writel(u32 v, volatile void __iomem *a) { mml_drv_writex(v, a, 4); }
static inline void writeq(u64 v, volatile void __iomem *a) { mml_drv_writex(v, a, 8); }
#define ioread8(a)		readb(a)
#define ioread16(a)		readw(a)
#define ioread32(a)		readl(a)
#define iowrite8(v, a)		writeb(v, a)
#define iowrite16(v, a)		writew(v, a)
#define iowrite32(v, a)		writel(v, a)
static inline void memcpy_fromio(void *d, const volatile void __iomem *s, size_t n) { mml_drv_memcpy_fromio(d, s, n); }
static inline void memcpy_toio(volatile void __iomem *d, const void *s, size_t n) { mml_drv_memcpy_toio(d, s, n); }
static inline void memset_io(volatile void __iomem *d, int c, size_t n) { mml_drv_memset_io(d, c, n); }

/* --- user memory (linux/uaccess.h) --------------------------------------- */

unsigned long mml_drv_copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long mml_drv_copy_from_user(void *to, const void __user *from, unsigned long n);

static inline unsigned long __must_check
copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return mml_drv_copy_to_user(to, from, n);
}

static inline unsigned long __must_check
copy_from_user(void *to, const void __user *from, unsigned long n)
{
	return mml_drv_copy_from_user(to, from, n);
}

/* --- files (linux/fs.h) --------------------------------------------------- */

struct vm_area_struct;
struct kiocb;
struct iov_iter;
struct mm_struct;
struct address_space;

struct inode {
	void *__machine;
	const struct file_operations *i_fop;
	dev_t i_rdev;
	u32 __i_rdev_high;
	loff_t i_size;
	unsigned int i_mode;
	void *i_private;
};

typedef unsigned int fmode_t;
#define FMODE_READ	0x1u
#define FMODE_WRITE	0x2u

struct file {
	int f_count;
	unsigned int f_flags;
	fmode_t f_mode;
	loff_t f_pos;
	struct inode *f_inode;
	struct address_space *f_mapping;
	const struct file_operations *f_op;
	char *__f_path;
	void *private_data;
	void *__f_machine;
};

struct dir_context;

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	ssize_t (*read_iter)(struct kiocb *, struct iov_iter *);
	ssize_t (*write_iter)(struct kiocb *, struct iov_iter *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
	int (*fsync)(struct file *, loff_t, loff_t, int datasync);
	unsigned long (*get_unmapped_area)(struct mm_struct *, struct file *,
					   unsigned long, unsigned long,
					   unsigned long, unsigned long);	long (*fallocate)(struct file *, int, loff_t, loff_t);
	int (*iterate_shared)(struct file *, struct dir_context *);
};

#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_NONBLOCK	00004000
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

loff_t mml_drv_fixed_size_llseek(struct file *file, loff_t offset, int whence,
				 loff_t size);
loff_t mml_drv_noop_llseek(struct file *file, loff_t offset, int whence);
int mml_drv_nonseekable_open(struct inode *inode, struct file *file);

static inline loff_t fixed_size_llseek(struct file *file, loff_t offset,
				       int whence, loff_t size)
{
	return mml_drv_fixed_size_llseek(file, offset, whence, size);
}
/* no_llseek is gone since Linux 6.12; noop_llseek keeps the position. */
#define noop_llseek	mml_drv_noop_llseek
#define nonseekable_open mml_drv_nonseekable_open

/* --- device numbers and character devices (kdev_t.h, cdev.h, fs.h) ----- */

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	((dev_t)(((ma) << MINORBITS) | (mi)))

static inline unsigned int iminor(const struct inode *inode) { return MINOR(inode->i_rdev); }
static inline unsigned int imajor(const struct inode *inode) { return MAJOR(inode->i_rdev); }

struct cdev {
	struct module *owner;
	const struct file_operations *ops;
	struct list_head list;
	dev_t dev;
	unsigned int count;
	bool __added;
};

int mml_drv_register_chrdev(unsigned int major, unsigned int baseminor,
			    unsigned int count, const char *name,
			    const struct file_operations *fops);
void mml_drv_unregister_chrdev(unsigned int major, unsigned int baseminor,
			       unsigned int count, const char *name);
int mml_drv_register_chrdev_region(dev_t from, unsigned int count, const char *name);
int mml_drv_alloc_chrdev_region(dev_t *dev, unsigned int baseminor,
				unsigned int count, const char *name);
void mml_drv_unregister_chrdev_region(dev_t from, unsigned int count);
void mml_drv_cdev_init(struct cdev *cdev, const struct file_operations *fops);
int mml_drv_cdev_add(struct cdev *p, dev_t dev, unsigned int count);
void mml_drv_cdev_del(struct cdev *p);

static inline int register_chrdev(unsigned int major, const char *name,
				  const struct file_operations *fops)
{
	return mml_drv_register_chrdev(major, 0, 256, name, fops);
}
static inline int __register_chrdev(unsigned int major, unsigned int baseminor,
				    unsigned int count, const char *name,
				    const struct file_operations *fops)
{
	return mml_drv_register_chrdev(major, baseminor, count, name, fops);
}
static inline void unregister_chrdev(unsigned int major, const char *name)
{
	mml_drv_unregister_chrdev(major, 0, 256, name);
}
static inline int register_chrdev_region(dev_t from, unsigned int count, const char *name)
{
	return mml_drv_register_chrdev_region(from, count, name);
}
static inline int alloc_chrdev_region(dev_t *dev, unsigned int baseminor,
				      unsigned int count, const char *name)
{
	return mml_drv_alloc_chrdev_region(dev, baseminor, count, name);
}
static inline void unregister_chrdev_region(dev_t from, unsigned int count)
{
	mml_drv_unregister_chrdev_region(from, count);
}
static inline void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	mml_drv_cdev_init(cdev, fops);
}
static inline int cdev_add(struct cdev *p, dev_t dev, unsigned int count)
{
	return mml_drv_cdev_add(p, dev, count);
}
static inline void cdev_del(struct cdev *p) { mml_drv_cdev_del(p); }

/* --- classes, devices, misc devices (device.h, miscdevice.h) ------------- */

struct class;

/*
 * struct device: the kernel's layout (drivers/base, kernel/dma).  A driver
 * reads its DMA masks and drvdata; the rest is the kernel's.
 */
struct device {
	struct device *parent;
	struct class *__class;
	dev_t __devt;
	void *driver_data;
	char __name[64];
	struct list_head __node;
	const char *__init_name;
	const char *__driver_name;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	u64 bus_dma_limit;
	u64 __dma_mask_storage;
	struct list_head __devres_head;
};

static inline const char *dev_name(const struct device *dev)
{
	if (dev->__name[0])
		return dev->__name;
	return dev->__init_name ? dev->__init_name : "(null)";
}
static inline const char *dev_driver_string(const struct device *dev)
{
	return dev->__driver_name ? dev->__driver_name : "";
}
static inline void dev_set_drvdata(struct device *dev, void *data) { dev->driver_data = data; }

/* dev_info() and friends: "DRIVER DEVICE: message", as Linux's dev_printk(). */
#define dev_printk(level, dev, fmt, ...) \
	printk(level "%s %s: " fmt, dev_driver_string(dev), dev_name(dev), ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...)	dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_crit(dev, fmt, ...)		dev_printk(KERN_CRIT, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)		dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)		dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...)	dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)		dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
/* dev_dbg(): compiled out, as without DEBUG or dynamic debug. */
#define dev_dbg(dev, fmt, ...) \
	do { if (0) dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__); } while (0)

struct class *mml_drv_class_create(const char *name);
void mml_drv_class_destroy(struct class *cls);
struct device *mml_drv_device_create(struct class *cls, struct device *parent,
				     dev_t devt, void *drvdata, const char *name);
void mml_drv_device_destroy(struct class *cls, dev_t devt);
void *mml_drv_dev_get_drvdata(const struct device *dev);

/* class_create(name): Linux 6.4's signature (LINUX_VERSION_CODE is 6.x). */
static inline struct class *class_create(const char *name) { return mml_drv_class_create(name); }
static inline void class_destroy(struct class *cls) { mml_drv_class_destroy(cls); }
__printf(5, 6) static inline struct device *
device_create(struct class *cls, struct device *parent, dev_t devt,
	      void *drvdata, const char *fmt, ...)
{
	char name[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return mml_drv_device_create(cls, parent, devt, drvdata, name);
}
static inline void device_destroy(struct class *cls, dev_t devt) { mml_drv_device_destroy(cls, devt); }
static inline void *dev_get_drvdata(const struct device *dev) { return mml_drv_dev_get_drvdata(dev); }

#define MISC_MAJOR		10
#define MISC_DYNAMIC_MINOR	255

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
	struct device *parent;
	struct device *this_device;
	const void *groups;
	const char *nodename;
	umode_t mode;
};

int mml_drv_misc_register(struct miscdevice *misc);
void mml_drv_misc_deregister(struct miscdevice *misc);
static inline int misc_register(struct miscdevice *misc) { return mml_drv_misc_register(misc); }
static inline void misc_deregister(struct miscdevice *misc) { mml_drv_misc_deregister(misc); }

/* --- mappings (linux/mm.h, mm_types.h) ----------------------------------- */

#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_PFNMAP	0x00000400UL
#define VM_LOCKED	0x00002000UL
#define VM_IO		0x00004000UL
#define VM_DONTCOPY	0x00020000UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_NORESERVE	0x00200000UL
#define VM_DONTDUMP	0x04000000UL
#define VM_MIXEDMAP	0x10000000UL

#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_LOCKED		0x000200
#define VM_FAULT_RETRY		0x000400

#define FAULT_FLAG_WRITE	0x01u
#define FAULT_FLAG_MKWRITE	0x02u
#define FAULT_FLAG_USER		0x40u

struct vm_operations_struct;
struct anon_vma;

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct vm_area_struct *__vm_next, *__vm_prev;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	struct file *vm_file;
	struct anon_vma *__anon_vma;
	struct list_head __anon_vma_chain;
	const struct vm_operations_struct *vm_ops;
	void *vm_private_data;
};

struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;
	unsigned long real_address;
	unsigned int flags;
	pgoff_t pgoff;
	void *__pmd;
	void *__pte;
	u64 __orig_pte;
	struct page *page;
	struct page *cow_page;
};

struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	vm_fault_t (*fault)(struct vm_fault *vmf);
	vm_fault_t (*map_pages)(struct vm_fault *vmf, pgoff_t start_pgoff,
				pgoff_t end_pgoff);
	vm_fault_t (*page_mkwrite)(struct vm_fault *vmf);
	vm_fault_t (*pfn_mkwrite)(struct vm_fault *vmf);
	int (*access)(struct vm_area_struct *vma, unsigned long addr,
		      void *buf, int len, int write);
	const char *(*name)(struct vm_area_struct *vma);
};

static inline void vm_flags_set(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags |= flags;
}
static inline void vm_flags_clear(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags &= ~flags;
}

/* x86's page-attribute bits in a pgprot_t (asm/pgtable_types.h). */
#define _PAGE_PWT		(1ULL << 3)
#define _PAGE_PCD		(1ULL << 4)
#define _PAGE_PAT		(1ULL << 7)
#define _PAGE_CACHE_MASK	(_PAGE_PWT | _PAGE_PCD | _PAGE_PAT)
#define __pgprot(x)		((pgprot_t){ (x) })
#define pgprot_val(x)		((x).pgprot)
static inline pgprot_t pgprot_noncached(pgprot_t p)
{
	return __pgprot((pgprot_val(p) & ~_PAGE_CACHE_MASK) | _PAGE_PCD);
}
static inline pgprot_t pgprot_writecombine(pgprot_t p)
{
	return __pgprot((pgprot_val(p) & ~_PAGE_CACHE_MASK) | _PAGE_PWT);
}

/* The mapping helpers (mm/memory.c, mm/vmalloc.c), Linux's signatures. */
int mml_drv_remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn, unsigned long size, u64 prot);
int mml_drv_vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start,
			    unsigned long len);
int mml_drv_remap_vmalloc_range(struct vm_area_struct *vma, void *addr,
				unsigned long pgoff);
int mml_drv_vm_insert_page(struct vm_area_struct *vma, unsigned long addr,
			   struct page *page);
vm_fault_t mml_drv_vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
				  unsigned long pfn, int mixed);
void mml_drv_zap_vma_ptes(struct vm_area_struct *vma, unsigned long addr,
			  unsigned long size);

static inline int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
				  unsigned long pfn, unsigned long size, pgprot_t prot)
{
	return mml_drv_remap_pfn_range(vma, addr, pfn, size, pgprot_val(prot));
}
#define io_remap_pfn_range	remap_pfn_range
static inline int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start,
				  unsigned long len)
{
	return mml_drv_vm_iomap_memory(vma, start, len);
}
static inline int remap_vmalloc_range(struct vm_area_struct *vma, void *addr,
				      unsigned long pgoff)
{
	return mml_drv_remap_vmalloc_range(vma, addr, pgoff);
}
static inline int vm_insert_page(struct vm_area_struct *vma, unsigned long addr,
				 struct page *page)
{
	return mml_drv_vm_insert_page(vma, addr, page);
}
/* vm_insert_pages(): vm_insert_page() of *num pages from addr; 0 with *num
 * set to 0, or the first error with *num the pages not inserted. */
int mml_drv_vm_insert_pages(struct vm_area_struct *vma, unsigned long addr,
			    struct page **pages, unsigned long *num);
static inline int vm_insert_pages(struct vm_area_struct *vma, unsigned long addr,
				  struct page **pages, unsigned long *num)
{
	return mml_drv_vm_insert_pages(vma, addr, pages, num);
}
static inline vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma,
					unsigned long addr, unsigned long pfn)
{
	return mml_drv_vmf_insert_pfn(vma, addr, pfn, 0);
}
static inline vm_fault_t vmf_insert_mixed(struct vm_area_struct *vma,
					  unsigned long addr, unsigned long pfn)
{
	return mml_drv_vmf_insert_pfn(vma, addr, pfn, 1);
}
static inline void zap_vma_ptes(struct vm_area_struct *vma, unsigned long addr,
				unsigned long size)
{
	mml_drv_zap_vma_ptes(vma, addr, size);
}

/* --- resources and the platform bus (ioport.h, platform_device.h) ------ */

#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_IRQ		0x00000400
#define IORESOURCE_TYPE_BITS	0x00001f00

struct resource {
	resource_size_t start;
	resource_size_t end;		/* inclusive */
	const char *name;
	unsigned long flags;
	struct resource *__parent, *__sibling, *__child;
	bool __allocated;
};

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}
static inline unsigned long resource_type(const struct resource *res)
{
	return res->flags & IORESOURCE_TYPE_BITS;
}

#define PLATFORM_DEVID_NONE	(-1)
#define PLATFORM_DEVID_AUTO	(-2)

struct platform_driver;

/* The kernel's layout: the machine enumerates these (the DMA engine). */
struct platform_device {
	const char *name;
	int id;
	struct device dev;
	u64 platform_dma_mask;
	u32 num_resources;
	struct resource *resource;
	struct platform_driver *__driver;
	int __probe_err;
	struct list_head __node;
	char __name_buf[48];
};

struct device_driver {
	const char *name;
	struct module *owner;
};

/* ->remove returns void, as since Linux 6.11. */
struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
	struct device_driver driver;
	struct list_head __node;
};

#define to_platform_device(d)	container_of((d), struct platform_device, dev)

int mml_drv_platform_driver_register(struct platform_driver *drv, struct module *owner);
void mml_drv_platform_driver_unregister(struct platform_driver *drv);
struct resource *mml_drv_platform_get_resource(struct platform_device *pdev,
					       unsigned int type, unsigned int num);
int mml_drv_platform_get_irq(struct platform_device *pdev, unsigned int num);

/* A driver binds every device of its name now, and those added later. */
#define platform_driver_register(drv) \
	mml_drv_platform_driver_register(drv, THIS_MODULE)
static inline void platform_driver_unregister(struct platform_driver *drv)
{
	mml_drv_platform_driver_unregister(drv);
}
#define module_platform_driver(__drv) \
	static int __init __drv##_init(void) { return platform_driver_register(&(__drv)); } \
	module_init(__drv##_init); \
	static void __exit __drv##_exit(void) { platform_driver_unregister(&(__drv)); } \
	module_exit(__drv##_exit)
static inline struct resource *platform_get_resource(struct platform_device *pdev,
						     unsigned int type, unsigned int num)
{
	return mml_drv_platform_get_resource(pdev, type, num);
}
static inline int platform_get_irq(struct platform_device *pdev, unsigned int num)
{
	return mml_drv_platform_get_irq(pdev, num);
}
static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return pdev->dev.driver_data;
}
static inline void platform_set_drvdata(struct platform_device *pdev, void *data)
{
	pdev->dev.driver_data = data;
}

/* Managed resources (devres): given back when the driver unbinds, or its
 * probe fails, newest first. */
void *mml_drv_devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void mml_drv_devm_kfree(struct device *dev, const void *p);
void __iomem *mml_drv_devm_ioremap_resource(struct device *dev, const struct resource *res);
int mml_drv_devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
			     unsigned long flags, const char *name, void *dev_id);
void mml_drv_devm_free_irq(struct device *dev, unsigned int irq, void *dev_id);

static inline void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return mml_drv_devm_kmalloc(dev, size, gfp);
}
static inline void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return mml_drv_devm_kmalloc(dev, size, gfp | __GFP_ZERO);
}
static inline void devm_kfree(struct device *dev, const void *p) { mml_drv_devm_kfree(dev, p); }
static inline void __iomem *devm_ioremap_resource(struct device *dev, const struct resource *res)
{
	return mml_drv_devm_ioremap_resource(dev, res);
}
static inline void __iomem *devm_platform_ioremap_resource(struct platform_device *pdev,
							   unsigned int index)
{
	return mml_drv_devm_ioremap_resource(&pdev->dev,
			platform_get_resource(pdev, IORESOURCE_MEM, index));
}
static inline int __must_check
devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
		 unsigned long flags, const char *name, void *dev_id)
{
	return mml_drv_devm_request_irq(dev, irq, handler, flags, name, dev_id);
}
static inline void devm_free_irq(struct device *dev, unsigned int irq, void *dev_id)
{
	mml_drv_devm_free_irq(dev, irq, dev_id);
}

/* --- DMA (dma-mapping.h, dmapool.h, scatterlist.h) --------------------- */

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)
#define DMA_BIT_MASK(n)		(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))

/* Which masks mml_drv_dma_set_mask() sets. */
#define MML_DMA_MASK_STREAMING	1
#define MML_DMA_MASK_COHERENT	2

int mml_drv_dma_set_mask(struct device *dev, u64 mask, int which);
void *mml_drv_dma_alloc_coherent(struct device *dev, size_t size,
				 dma_addr_t *handle, gfp_t gfp);
void mml_drv_dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
			       dma_addr_t handle);
dma_addr_t mml_drv_dma_map_single(struct device *dev, void *ptr, size_t size, int dir);
dma_addr_t mml_drv_dma_map_page(struct device *dev, struct page *page, size_t offset,
				size_t size, int dir);
/* kind: 0 unmap single, 1 unmap page, 2 sync for cpu, 3 sync for device */
void mml_drv_dma_unmap(struct device *dev, dma_addr_t addr, size_t size, int dir,
		       int kind);
int mml_drv_dma_mapping_error(struct device *dev, dma_addr_t addr);

static inline int dma_set_mask(struct device *dev, u64 mask)
{
	return mml_drv_dma_set_mask(dev, mask, MML_DMA_MASK_STREAMING);
}
static inline int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	return mml_drv_dma_set_mask(dev, mask, MML_DMA_MASK_COHERENT);
}
static inline int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	return mml_drv_dma_set_mask(dev, mask, MML_DMA_MASK_STREAMING | MML_DMA_MASK_COHERENT);
}
static inline u64 dma_get_mask(struct device *dev)
{
	return dev->dma_mask && *dev->dma_mask ? *dev->dma_mask : DMA_BIT_MASK(32);
}
static inline void *dma_alloc_coherent(struct device *dev, size_t size,
				       dma_addr_t *handle, gfp_t gfp)
{
	return mml_drv_dma_alloc_coherent(dev, size, handle, gfp);
}
static inline void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
				     dma_addr_t handle)
{
	mml_drv_dma_free_coherent(dev, size, cpu_addr, handle);
}
/* @ptr: kmalloc() memory (the direct map); anything else is refused. */
static inline dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size,
					enum dma_data_direction dir)
{
	return mml_drv_dma_map_single(dev, ptr, size, (int)dir);
}
static inline void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
				    enum dma_data_direction dir)
{
	mml_drv_dma_unmap(dev, addr, size, (int)dir, 0);
}
static inline dma_addr_t dma_map_page(struct device *dev, struct page *page,
				      size_t offset, size_t size,
				      enum dma_data_direction dir)
{
	return mml_drv_dma_map_page(dev, page, offset, size, (int)dir);
}
static inline void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
				  enum dma_data_direction dir)
{
	mml_drv_dma_unmap(dev, addr, size, (int)dir, 1);
}
static inline void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr,
					   size_t size, enum dma_data_direction dir)
{
	mml_drv_dma_unmap(dev, addr, size, (int)dir, 2);
}
static inline void dma_sync_single_for_device(struct device *dev, dma_addr_t addr,
					      size_t size, enum dma_data_direction dir)
{
	mml_drv_dma_unmap(dev, addr, size, (int)dir, 3);
}
static inline int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	return mml_drv_dma_mapping_error(dev, addr);
}

/* Scatterlists: the kernel's layout; a table is one array (no chaining). */
struct scatterlist {
	unsigned long page_link;	/* struct page *, | SG_END on the last */
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
};

struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents;		/* mapped entries */
	unsigned int orig_nents;	/* entries in the list */
};

#define SG_CHAIN		0x01UL
#define SG_END			0x02UL
#define SG_PAGE_LINK_MASK	(SG_CHAIN | SG_END)

static inline bool sg_is_last(const struct scatterlist *sg) { return sg->page_link & SG_END; }
static inline struct page *sg_page(const struct scatterlist *sg)
{
	return (struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}
static inline void sg_assign_page(struct scatterlist *sg, struct page *page)
{
	sg->page_link = (sg->page_link & SG_END) | (unsigned long)page;
}
static inline void sg_set_page(struct scatterlist *sg, struct page *page,
			       unsigned int len, unsigned int offset)
{
	sg_assign_page(sg, page);
	sg->offset = offset;
	sg->length = len;
}
static inline void sg_mark_end(struct scatterlist *sg) { sg->page_link |= SG_END; }
static inline struct scatterlist *sg_next(struct scatterlist *sg)
{
	return sg_is_last(sg) ? NULL : sg + 1;
}
static inline void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	if (nents)
		sg_mark_end(&sgl[nents - 1]);
}
#define sg_dma_address(sg)	((sg)->dma_address)
#define sg_dma_len(sg)		((sg)->dma_length)
#define for_each_sg(sglist, sg, nr, __i) \
	for (__i = 0, sg = (sglist); __i < (nr); __i++, sg = sg_next(sg))
#define for_each_sgtable_sg(sgt, sg, i)		for_each_sg((sgt)->sgl, sg, (sgt)->orig_nents, i)
#define for_each_sgtable_dma_sg(sgt, sg, i)	for_each_sg((sgt)->sgl, sg, (sgt)->nents, i)

int mml_drv_sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp);
void mml_drv_sg_free_table(struct sg_table *table);
int mml_drv_sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
				      unsigned int n_pages, unsigned int offset,
				      unsigned long size, gfp_t gfp);
/* unmap: 0 map, 1 unmap */
int mml_drv_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		       int dir, int unmap);

static inline int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp)
{
	return mml_drv_sg_alloc_table(table, nents, gfp);
}
static inline void sg_free_table(struct sg_table *table) { mml_drv_sg_free_table(table); }
static inline int sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
					    unsigned int n_pages, unsigned int offset,
					    unsigned long size, gfp_t gfp)
{
	return mml_drv_sg_alloc_table_from_pages(sgt, pages, n_pages, offset, size, gfp);
}
/* Return: the mapped entries, 0 on failure (Linux's dma_map_sg()). */
static inline int dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
			     enum dma_data_direction dir)
{
	return mml_drv_dma_map_sg(dev, sg, nents, (int)dir, 0);
}
static inline void dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
				enum dma_data_direction dir)
{
	mml_drv_dma_map_sg(dev, sg, nents, (int)dir, 1);
}
/* Return: 0, or -EINVAL / -ENOMEM / -EIO when nothing could be mapped. */
static inline int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
				  enum dma_data_direction dir, unsigned long attrs)
{
	int n = mml_drv_dma_map_sg(dev, sgt->sgl, (int)sgt->orig_nents, (int)dir, 0);

	(void)attrs;
	if (n <= 0)
		return n < 0 ? n : -EIO;
	sgt->nents = (unsigned int)n;
	return 0;
}
static inline void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
				     enum dma_data_direction dir, unsigned long attrs)
{
	(void)attrs;
	mml_drv_dma_map_sg(dev, sgt->sgl, (int)sgt->orig_nents, (int)dir, 1);
}

/* DMA pools: small coherent blocks (mm/dmapool.c). */
struct dma_pool;
struct dma_pool *mml_drv_dma_pool_create(const char *name, struct device *dev,
					 size_t size, size_t align, size_t boundary);
void mml_drv_dma_pool_destroy(struct dma_pool *pool);
void *mml_drv_dma_pool_alloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle);
void mml_drv_dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma);

static inline struct dma_pool *dma_pool_create(const char *name, struct device *dev,
					       size_t size, size_t align, size_t boundary)
{
	return mml_drv_dma_pool_create(name, dev, size, align, boundary);
}
static inline void dma_pool_destroy(struct dma_pool *pool) { mml_drv_dma_pool_destroy(pool); }
static inline void *dma_pool_alloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle)
{
	return mml_drv_dma_pool_alloc(pool, gfp, handle);
}
static inline void *dma_pool_zalloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle)
{
	return mml_drv_dma_pool_alloc(pool, gfp | __GFP_ZERO, handle);
}
static inline void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma)
{
	mml_drv_dma_pool_free(pool, vaddr, dma);
}

/* --- completions and jiffies (completion.h, jiffies.h) ------------------ */

/*
 * The simulation has one CPU and no clock: an interrupt runs its handler
 * inside the register write that raised it, and nothing else can run while
 * a driver waits.  So a completion not done when waited for never will be:
 * wait_for_completion_timeout() returns 0 (timed out) at once instead of
 * sleeping.
 */
#define HZ			250	/* Debian's CONFIG_HZ */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return ((unsigned long)m * HZ + 999) / 1000;
}

struct completion {
	unsigned int done;
};

static inline void init_completion(struct completion *x) { x->done = 0; }
static inline void reinit_completion(struct completion *x) { x->done = 0; }
static inline void complete(struct completion *x) { x->done++; }
static inline bool completion_done(struct completion *x) { return x->done != 0; }
/* Return: 0 if timed out, else the jiffies left (at least 1). */
static inline unsigned long wait_for_completion_timeout(struct completion *x,
							unsigned long timeout)
{
	if (!x->done)
		return 0;
	x->done--;
	return timeout ? timeout : 1;
}

/* --- version (linux/version.h) -------------------------------------------- */

#define KERNEL_VERSION(a, b, c)	(((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_CODE	KERNEL_VERSION(6, 12, 0)
#define LINUX_VERSION_MAJOR	6
#define LINUX_VERSION_PATCHLEVEL 12
#define LINUX_VERSION_SUBLEVEL	0

#endif /* MMLAB_SDK_H */
