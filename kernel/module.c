// SPDX-License-Identifier: MIT
/*
 * Loadable modules (Linux's kernel/module/main.c, in mmlab's terms): a
 * driver is a shared object that the SDK's <linux/module.h> gave an
 * init_module/cleanup_module pair, a __this_module anchor (THIS_MODULE)
 * and one __mml_param_NAME descriptor per module_param().  load_module()
 * checks it is an ELF shared object (-ENOEXEC), dlopen()s it RTLD_LOCAL,
 * sets its parameters (-EINVAL for a value that does not parse, unknown
 * ones ignored with a warning, as Linux does), runs its init and keeps it
 * only if that succeeds.  delete_module() refuses while a file or mapping
 * of one of its devices holds it (-EWOULDBLOCK, as Linux's
 * try_stop_module() with O_NONBLOCK) or if it has an init but no exit
 * (-EBUSY), runs its exit, reports what it left behind, and unloads it.
 *
 * mmlab differs: the module's code runs in the host process, so a driver's
 * own wild pointer crashes the host, as an oops would crash a kernel.
 */
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/moduleparam.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/miscdevice.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/io.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/mm_types.h>
#include "hw/hostfs.h"

/** module_of_owner() - the loaded module whose THIS_MODULE is @owner. */
struct module *module_of_owner(const void *owner)
{
	struct mml_machine *m = current_machine();
	struct module *mod;

	if (!owner || !m->drivers_up)
		return NULL;
	list_for_each_entry(mod, &m->modules, list)
		if (mod->key == owner)
			return mod;
	return NULL;
}

/*
 * The module whose init or exit is running (a tail call from it returns
 * into the loader, not into the module), or NULL.
 */
static __thread struct module *running_module;

/** module_at() - see linux/module.h. */
struct module *module_at(unsigned long ip)
{
	struct mml_machine *m = current_machine();
	struct module *mod;

	if (!m || !m->drivers_up)
		return NULL;
	list_for_each_entry(mod, &m->modules, list)
		if (ip >= mod->text_start && ip < mod->text_end)
			return mod;
	return running_module;
}

/**
 * try_module_get() - a reference on the module of @owner (NULL: the
 * kernel's own code, always there).  Return: false if it is going away or
 * not loaded.
 */
bool try_module_get(struct module *owner)
{
	struct module *mod;

	if (!owner)
		return true;
	mod = module_of_owner(owner);
	if (!mod || mod->state == MODULE_STATE_GOING)
		return false;
	mod->refcnt++;
	return true;
}

/** module_put() - drop a try_module_get() reference. */
void module_put(struct module *owner)
{
	struct module *mod = module_of_owner(owner);

	if (mod && mod->refcnt > 0)
		mod->refcnt--;
}

/** module_res_add() - note that @mod now holds @key of @kind. */
void module_res_add(struct module *mod, enum module_res_kind kind,
		    unsigned long key, unsigned long size, const char *what)
{
	struct module_res *r;

	if (!mod)
		return;
	if (mod->nr_res == mod->res_cap) {
		size_t cap = mod->res_cap ? 2 * mod->res_cap : 16;

		r = realloc(mod->res, cap * sizeof(*r));
		if (!r)
			return;		/* only the leak report loses it */
		mod->res = r;
		mod->res_cap = cap;
	}
	r = &mod->res[mod->nr_res++];
	r->kind = kind;
	r->key = key;
	r->size = size;
	snprintf(r->what, sizeof(r->what), "%s", what ? what : "");
}

/*
 * module_res_del() - @key of @kind was given back: forget it in whichever
 * module holds it (the caller may be any of its functions, or a tail call
 * from one, so the caller's address cannot say which).
 */
void module_res_del(enum module_res_kind kind, unsigned long key)
{
	struct mml_machine *m = current_machine();
	struct module *mod;
	size_t i;

	if (!m->drivers_up)
		return;
	list_for_each_entry(mod, &m->modules, list) {
		for (i = mod->nr_res; i-- > 0;) {
			if (mod->res[i].kind != kind || mod->res[i].key != key)
				continue;
			/* Keep the order: leftovers are undone newest first. */
			memmove(&mod->res[i], &mod->res[i + 1],
				(mod->nr_res - i - 1) * sizeof(*mod->res));
			mod->nr_res--;
			return;
		}
	}
}

/*
 * What @mod left behind: each in the log (@report) and undone where the
 * kernel would otherwise keep a pointer into the code about to go
 * (registrations); memory stays allocated, as a leak does in Linux.
 */
static void module_release_res(struct module *mod, bool report)
{
	static const char *const kinds[NR_MODRES_KINDS] = {
		"chrdev", "chrdev region", "cdev", "misc device", "device", "class",
		"kmalloc", "vmalloc area", "ioremap", "irq", "platform driver",
		"dma coherent buffer", "dma pool", "set_memory",
	};
	size_t i;

	for (i = mod->nr_res; i-- > 0;) {
		struct module_res *r = &mod->res[i];

		if (report && r->kind == MODRES_DMA_POOL)	/* key: a host pointer */
			pr_warn("%s: left behind at unload: %s %s size %lu\n",
				mod->name, kinds[r->kind], r->what, r->size);
		else if (report)
			pr_warn("%s: left behind at unload: %s %s%s0x%lx size %lu\n",
				mod->name, kinds[r->kind], r->what,
				r->what[0] ? " " : "", r->key, r->size);
		switch (r->kind) {
		case MODRES_CHRDEV:
			__unregister_chrdev(MAJOR(r->key), MINOR(r->key),
					    (unsigned int)r->size, NULL);
			break;
		case MODRES_REGION:
			unregister_chrdev_region((dev_t)r->key, (unsigned int)r->size);
			break;
		case MODRES_CDEV:
			cdev_del((struct cdev *)r->key);
			break;
		case MODRES_MISC:
			misc_deregister((struct miscdevice *)r->key);
			break;
		case MODRES_DEVICE:
			device_destroy((struct class *)r->size, (dev_t)r->key);
			break;
		case MODRES_CLASS:
			class_destroy((struct class *)r->key);
			break;
		case MODRES_IRQ:	/* its handler is in the code going away */
			free_irq((unsigned int)r->key, (void *)r->size);
			break;
		case MODRES_PLATFORM_DRIVER:	/* unbinds: ->remove, devres */
			platform_driver_unregister((struct platform_driver *)r->key);
			break;
		default:
			break;
		}
	}
	mod->nr_res = 0;
}

#define MODULE_FILE_MAX	(64UL << 20)

/* Bytes [@off, @off + @len) lie inside a file of @size bytes. */
static bool elf_in(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

/*
 * Does ELF image @img (@size bytes, untrusted) define dynamic symbol
 * @name?  Every offset is checked against the file before it is followed.
 */
static bool elf_defines(const u8 *img, u64 size, const char *name)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
	const Elf64_Shdr *sh;
	u64 i, j, nlen = strlen(name);

	if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !elf_in(eh->e_shoff, (u64)eh->e_shnum * sizeof(Elf64_Shdr), size))
		return false;
	sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *str;

		if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_entsize != sizeof(Elf64_Sym) ||
		    !elf_in(sh[i].sh_offset, sh[i].sh_size, size))
			continue;
		str = &sh[sh[i].sh_link];
		if (!elf_in(str->sh_offset, str->sh_size, size))
			continue;
		for (j = 0; j < sh[i].sh_size / sizeof(Elf64_Sym); j++) {
			const Elf64_Sym *sym = (const Elf64_Sym *)(img + sh[i].sh_offset) + j;

			if (sym->st_shndx == SHN_UNDEF || sym->st_name >= str->sh_size ||
			    str->sh_size - sym->st_name <= nlen)
				continue;
			if (!memcmp(img + str->sh_offset + sym->st_name, name, nlen + 1))
				return true;
		}
	}
	return false;
}

/*
 * Is @path a driver: an ELF 64-bit x86-64 shared object that defines
 * __this_module?  Checked by reading the file, before dlopen() runs any
 * of its code (a library's constructors must not run for a bad insmod).
 * Return: 0, -ENOEXEC, or the host's error.
 */
static int check_elf(const char *path, const char *name)
{
	const Elf64_Ehdr *eh;
	void *img;
	long n = hostfs_read_all(path, &img, MODULE_FILE_MAX);
	int err = 0;

	if (n < 0)
		return n == -EFBIG ? -ENOEXEC : (int)n;
	eh = img;
	if ((size_t)n < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_DYN ||
	    eh->e_machine != EM_X86_64) {
		err = -ENOEXEC;
	} else if (!elf_defines(img, (u64)n, "__this_module")) {
		pr_err("%s: No module found in object\n", name);
		err = -ENOEXEC;
	}
	free(img);
	return err;
}

struct phdr_query {
	const char *name;
	unsigned long lo, hi;
};

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct phdr_query *q = data;
	int i;

	if (!info->dlpi_name || strcmp(info->dlpi_name, q->name))
		return 0;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		unsigned long a = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != PT_LOAD)
			continue;
		if (!q->lo || a < q->lo)
			q->lo = a;
		if (a + ph->p_memsz > q->hi)
			q->hi = a + ph->p_memsz;
	}
	return 1;
}

/* The host range the module's segments occupy (its "text" for module_at()). */
static void module_find_range(struct module *mod)
{
	struct link_map *lm = NULL;
	struct phdr_query q = { 0 };

	if (dlinfo(mod->handle, RTLD_DI_LINKMAP, &lm) || !lm)
		return;
	q.name = lm->l_name;
	dl_iterate_phdr(phdr_cb, &q);
	mod->text_start = q.lo;
	mod->text_end = q.hi;
	mod->core_size = (q.hi - q.lo + PAGE_SIZE - 1) & PAGE_MASK;
}

/* The module's name: the file's, without directory and ".so"/".ko", '-' as '_'. */
static int module_name_of(const char *path, char *name)
{
	const char *base = strrchr(path, '/');
	size_t len;
	char *p;

	base = base ? base + 1 : path;
	len = strcspn(base, ".");
	if (!len) {		/* "/", ".so": the file check says why */
		base = "module";
		len = 6;
	}
	if (len >= MODULE_NAME_LEN)
		return -ENAMETOOLONG;
	memcpy(name, base, len);
	name[len] = 0;
	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return 0;
}

static struct module *find_module(const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &current_machine()->modules, list)
		if (!strcmp(mod->name, name))
			return mod;
	return NULL;
}

static void free_module(struct module *mod)
{
	if (mod->handle)
		dlclose(mod->handle);
	free(mod->args);
	free(mod->args_buf);
	free(mod->res);
	free(mod);
}

/* Run @mod's init; on failure undo what it left and return its error. */
static int do_init_module(struct module *mod)
{
	struct module *saved = running_module;
	int ret = 0;

	running_module = mod;
	if (mod->init)
		ret = mod->init();
	running_module = saved;

	if (ret < 0) {
		mod->state = MODULE_STATE_GOING;
		module_release_res(mod, true);
		return ret;
	}
	if (ret > 0)
		pr_warn("%s: '%s'->init suspiciously returned %d, it should follow 0/-E convention\n",
			mod->name, "init_module", ret);
	mod->state = MODULE_STATE_LIVE;
	return 0;
}

/**
 * load_module() - insmod: load the driver at host path @path with module
 * parameters @args ("name=value ...", may be NULL).
 * Return: 0; -ENOEXEC for a file that is not a driver (not an ELF shared
 * object, no __this_module, dlopen() refused it: the reason in the log);
 * -EEXIST when a module of its name is loaded; -EINVAL (or -ERANGE) for a
 * parameter value that does not parse; -ENOMEM; the host's error for a
 * file it cannot read; the init function's error.
 */
int load_module(const char *path, const char *args)
{
	struct mml_machine *m = current_machine();
	struct module *mod, *other;
	char name[MODULE_NAME_LEN];
	int err;

	err = module_name_of(path, name);
	if (!err)
		err = check_elf(path, name);
	if (err)
		return err;
	if (find_module(name))
		return -EEXIST;
	if (should_fail(FAIL_SLAB))
		return -ENOMEM;
	mod = calloc(1, sizeof(*mod));
	if (!mod)
		return -ENOMEM;
	memcpy(mod->name, name, sizeof(name));
	mod->state = MODULE_STATE_UNFORMED;
	mod->args = strdup(args ? args : "");
	mod->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!mod->handle) {
		pr_err("%s: cannot load: %s\n", name, dlerror());
		err = -ENOEXEC;
		goto out_free;
	}
	list_for_each_entry(other, &m->modules, list) {
		if (other->handle == mod->handle) {
			err = -EEXIST;	/* the same object under another name */
			goto out_free;
		}
	}
	mod->key = dlsym(mod->handle, "__this_module");
	if (!mod->key) {
		pr_err("%s: No module found in object\n", name);
		err = -ENOEXEC;
		goto out_free;
	}
	*(void **)&mod->init = dlsym(mod->handle, "init_module");
	*(void **)&mod->exit = dlsym(mod->handle, "cleanup_module");
	module_find_range(mod);
	if (!mod->args) {
		err = -ENOMEM;
		goto out_free;
	}
	err = parse_module_args(mod);
	if (err)
		goto out_free;
	mod->base = m->modules_next_base;
	m->modules_next_base += mod->core_size ? mod->core_size : PAGE_SIZE;
	mod->state = MODULE_STATE_COMING;
	list_add(&mod->list, &m->modules);
	err = do_init_module(mod);
	if (err) {
		list_del(&mod->list);
		goto out_free;
	}
	return 0;

out_free:
	free_module(mod);
	return err;
}

/**
 * delete_module() - rmmod @name.  Return: 0; -ENOENT if no such module;
 * -EWOULDBLOCK while a file or mapping of its devices holds it; -EBUSY
 * for a module with an init but no exit (it cannot be removed).
 */
int delete_module(const char *name)
{
	struct module *mod = name ? find_module(name) : NULL;

	if (!mod)
		return -ENOENT;
	if (mod->state != MODULE_STATE_LIVE)
		return -EBUSY;
	if (mod->init && !mod->exit)
		return -EBUSY;
	if (mod->refcnt)
		return -EWOULDBLOCK;
	mod->state = MODULE_STATE_GOING;
	if (mod->exit) {
		struct module *saved = running_module;

		running_module = mod;
		mod->exit();
		running_module = saved;
	}
	module_release_res(mod, true);
	list_del(&mod->list);
	free_module(mod);
	return 0;
}

/**
 * modules_show() - /proc/modules as Linux prints it: name, size,
 * references, "-" (no dependencies), state, address, taint "(O)" (an
 * out-of-tree module).
 */
void modules_show(struct seq_buf *s)
{
	struct module *mod;

	list_for_each_entry(mod, &current_machine()->modules, list)
		seq_printf(s, "%s %lu %d - %s 0x%016lx (O)\n", mod->name,
			   mod->core_size, mod->refcnt,
			   mod->state == MODULE_STATE_GOING ? "Unloading" :
			   mod->state == MODULE_STATE_COMING ? "Loading" : "Live",
			   mod->base);
}

/** modules_exit() - at shutdown: every module's registrations, then its code. */
void modules_exit(void)
{
	struct module *mod, *n;

	list_for_each_entry_safe(mod, n, &current_machine()->modules, list) {
		module_release_res(mod, false);
		list_del(&mod->list);
		free_module(mod);
	}
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Add @f to @set (grown as needed) if a module's operations are its. */
static int note_file(struct file *f, struct file ***set, size_t *nr,
		     size_t *cap)
{
	if (!f || !f->f_op || !f->f_op->owner)
		return 0;
	if (*nr == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		struct file **s = realloc(*set, c * sizeof(**set));

		if (!s)
			return -ENOMEM;
		*set = s;
		*cap = c;
	}
	(*set)[(*nr)++] = f;
	return 0;
}

/*
 * module_audit() - every module's reference count is the number of open
 * files (in descriptor tables or behind mappings, each counted once) whose
 * operations it owns, and no such file names a module that is not loaded.
 * Return: 0, or -EUCLEAN with @msg filled.
 */
int module_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct file **set = NULL;
	size_t nr = 0, cap = 0, i;
	struct task_struct *t;
	struct module *mod;
	int err = 0;

	if (!m->drivers_up)
		return 0;
	list_for_each_entry(t, &m->tasks, tasks) {
		struct vm_area_struct *vma;
		int fd;

		for (fd = 0; t->files && fd < NR_OPEN_DEFAULT && !err; fd++)
			err = note_file(t->files->fd[fd], &set, &nr, &cap);
		for (vma = t->mm ? t->mm->mmap : NULL; vma && !err; vma = vma->vm_next)
			err = note_file(vma->vm_file, &set, &nr, &cap);
	}
	if (err) {
		free(set);
		return 0;	/* no host memory to check with: nothing found */
	}
	if (nr)
		qsort(set, nr, sizeof(*set), cmp_ptr);
	list_for_each_entry(mod, &m->modules, list) {
		int files = 0;

		for (i = 0; i < nr; i++)
			if ((i == 0 || set[i] != set[i - 1]) &&
			    (const void *)set[i]->f_op->owner == mod->key)
				files++;
		if (files != mod->refcnt) {
			snprintf(msg, n, "module %s: refcount %d, %d open files",
				 mod->name, mod->refcnt, files);
			err = -EUCLEAN;
			break;
		}
	}
	for (i = 0; !err && i < nr; i++) {
		if (!module_of_owner(set[i]->f_op->owner)) {
			snprintf(msg, n, "an open file's operations belong to no loaded module");
			err = -EUCLEAN;
		}
	}
	free(set);
	return err;
}
