// SPDX-License-Identifier: MIT
/*
 * User memory: mml_load()/mml_store() as the task's own instructions, and
 * copy_from_user()/copy_to_user() as the kernel reaching into the task.
 * Both go through the MMU with the task's CR3; a fault goes to the page
 * fault handler, and the access is retried once it is resolved.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/arch.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/vmscan.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/tlbflush.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

/* A resolved fault that faults again this often is a kernel bug. */
#define MAX_FAULT_RETRIES	4

static void copy_chunk(struct hw_machine *hw, const struct hw_xlate *x,
		       u8 *buf, unsigned long n, bool write)
{
	unsigned long i;
	u64 v;

	if (x->host) {
		if (write)
			memcpy(x->host, buf, n);
		else
			memcpy(buf, x->host, n);
		return;
	}
	for (i = 0; i < n; i++) {	/* MMIO or undecoded: byte accesses */
		if (write) {
			hw_phys_write(hw, x->pa + i, 1, buf[i]);
		} else {
			hw_phys_read(hw, x->pa + i, 1, &v);
			buf[i] = (u8)v;
		}
	}
}

/*
 * Move @n bytes between @buf and the task's @va.  @user: a user-mode access
 * (signals are recorded); else a kernel access (no signal: the caller turns
 * a failure into -EFAULT).  Return: 0, the signal, or -ENOMEM.
 */
static int access_user(struct task_struct *t, unsigned long va, u8 *buf,
		       unsigned long n, bool write, bool user, unsigned long *done)
{
	struct mml_machine *m = t->machine;
	unsigned int acc = (write ? HW_ACC_WRITE : 0) | (user ? HW_ACC_USER : 0);
	struct kernel_siginfo saved = t->last_siginfo;
	struct hw_xlate x;
	int retries = 0, sig;

	*done = 0;
	if (unlikely(t->oops_killed))
		return SIGSEGV;	/* dead since an oops in this call: see below */
	if (t->oom_killed) {
		/* SIGKILL is pending: the task runs no more instructions. */
		oom_reap_task(t);
		if (user)
			t->last_siginfo = (struct kernel_siginfo){ SIGKILL_OOM, SI_KERNEL, 0 };
		return SIGKILL_OOM;
	}
	switch_mm(t->mm);
	while (*done < n) {
		unsigned long a = va + *done;
		unsigned long chunk = min(n - *done, PAGE_SIZE - (a & ~PAGE_MASK));

		if (a < va || !is_canonical_address(a)) {
			/* A #GP, not a #PF: Linux sends SI_KERNEL with no address. */
			t->last_siginfo = (struct kernel_siginfo){ SIGSEGV, SI_KERNEL, 0 };
			sig = SIGSEGV;
			goto fault;
		}
		if (hw_mmu_translate(&m->hw, a, acc, &x) == 0) {
			copy_chunk(&m->hw, &x, buf + *done, chunk, write);
			*done += chunk;
			retries = 0;
			continue;
		}
		sig = handle_page_fault(t);
		if (sig)
			goto fault;
		if (unlikely(t->oops_killed)) {
			/*
			 * The fault was resolved, but the kernel oopsed on the
			 * way (a corrupted structure in simulated RAM) and
			 * killed the task: it is dead before the access is
			 * retried, as Linux's make_task_dead() never returns.
			 * die() recorded its SIGSEGV.
			 */
			return SIGSEGV;
		}
		if (++retries > MAX_FAULT_RETRIES) {
			pr_err("BUG: fault at %#lx resolved but the access faults again\n", a);
			t->last_siginfo = (struct kernel_siginfo){ SIGSEGV, SEGV_ACCERR, a };
			sig = SIGSEGV;
			goto fault;
		}
	}
	return 0;
fault:
	if (t->oom_killed) {	/* chosen by the OOM killer while faulting */
		oom_reap_task(t);
		sig = SIGKILL_OOM;
		if (user)
			t->last_siginfo = (struct kernel_siginfo){ SIGKILL_OOM, SI_KERNEL, 0 };
		return sig;
	}
	if (!user)
		t->last_siginfo = saved;
	if (sig < 0) {
		pr_err("Out of memory: task %d (%s) faulting at %#lx\n", t->pid,
		       t->comm, va + *done);
		/* The OOM killer's SIGKILL: SEND_SIG_PRIV, no address. */
		if (user)
			t->last_siginfo = (struct kernel_siginfo){
				SIGKILL_OOM, SI_KERNEL, 0 };
	}
	return sig;
}

/**
 * copy_from_user() - copy @n bytes from the current task's user address
 * @from into the kernel buffer @to, faulting pages in as the task would.
 * Return: the number of bytes NOT copied (0 on success); a range that
 * fails access_ok() copies nothing.  A fault stops the copy at the page
 * boundary where it happened.
 */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	unsigned long done;

	if (!access_ok((unsigned long)from, n))
		return n;
	access_user(current, (unsigned long)from, to, n, false, false, &done);
	return n - done;
}

/**
 * copy_to_user() - copy @n bytes from @from to the current task's user
 * address @to.
 * Return: the number of bytes NOT copied, as copy_from_user().
 */
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n)
{
	unsigned long done;

	if (!access_ok((unsigned long)to, n))
		return n;
	access_user(current, (unsigned long)to, (u8 *)from, n, true, false,
		    &done);
	return n - done;
}

/**
 * strncpy_from_user() - copy the NUL-terminated string at the current
 * task's user address @usrc into @dst, at most @count bytes, a page at a time (never touching a
 * page past the one that holds the NUL).
 * Return: the string's length (without the NUL, which is copied); @count
 * when no NUL is found in @count bytes (@dst is then not terminated); or
 * -EFAULT when the string runs into an unmapped or inaccessible page or
 * past the user address space.
 */
long strncpy_from_user(char *dst, const char __user *usrc, long count)
{
	unsigned long src = (unsigned long)usrc, max, done = 0;

	if (count <= 0)
		return 0;
	if (src >= TASK_SIZE_MAX)
		return -EFAULT;
	max = min((unsigned long)count, TASK_SIZE_MAX - src);
	while (done < max) {
		unsigned long a = src + done;
		unsigned long chunk = min(max - done, PAGE_SIZE - (a & ~PAGE_MASK));
		unsigned long left = copy_from_user(dst + done,
						    (const void __user *)a, chunk);
		char *nul = memchr(dst + done, 0, chunk - left);

		if (nul)
			return nul - dst;
		if (left)
			return -EFAULT;
		done += chunk;
	}
	return done == (unsigned long)count ? count : -EFAULT;
}

MML_API int mml_load(struct mml_task *ut, unsigned long va, void *dst,
		     unsigned long n)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct task_struct *t = task_of(ut);
	unsigned long done;
	int sig = access_user(t, va, dst, n, false, true, &done);

	return sig < 0 ? SIGKILL_OOM : sig;
}

MML_API int mml_store(struct mml_task *ut, unsigned long va, const void *src,
		      unsigned long n)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct task_struct *t = task_of(ut);
	unsigned long done;
	int sig = access_user(t, va, (u8 *)src, n, true, true, &done);

	return sig < 0 ? SIGKILL_OOM : sig;
}

MML_API void mml_siginfo(const struct mml_task *ut, int *signo, int *code,
			 unsigned long *addr)
{
	const struct task_struct *t = task_of(ut);

	if (signo)
		*signo = t->last_siginfo.si_signo;
	if (code)
		*code = t->last_siginfo.si_code;
	if (addr)
		*addr = t->last_siginfo.si_addr;
}
