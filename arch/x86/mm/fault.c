// SPDX-License-Identifier: MIT
/*
 * The x86 page-fault handler.  The MMU leaves CR2 and the error code in
 * the CPU's fault record; this file alone decodes them.
 *
 * For user addresses (do_user_addr_fault()): find the VMA, grow a stack,
 * check the access against the VMA, let handle_mm_fault() resolve it, and
 * turn failures into the signal Linux delivers: SIGSEGV with SEGV_MAPERR
 * (no VMA) or SEGV_ACCERR (the VMA forbids it), SIGBUS with BUS_ADRERR
 * (past the end of a file).  A fault on a kernel address oopses.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/trace.h>
#include <linux/arch.h>
#include <linux/machine.h>
#include "hw/x86/cpu.h"
#include "mm/internal.h"

/* How often a fault may come back with VM_FAULT_RETRY (mmlab's bound). */
#define MAX_FAULT_RETRIES	16

static bool access_error(u32 error_code, struct vm_area_struct *vma)
{
	if (error_code & X86_PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & X86_PF_PROT)
		return true;			/* read, present */
	return !(vma->vm_flags & VM_ACCESS_FLAGS);	/* read, not present */
}

static int force_sig_fault(struct task_struct *t, int sig, int code,
			   unsigned long addr)
{
	t->last_siginfo.si_signo = sig;
	t->last_siginfo.si_code = code;
	t->last_siginfo.si_addr = addr;
	trace_mm(t->mm, "do_user_addr_fault: %s (%s) at %#lx",
		 sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
		 sig == SIGBUS ? (code == BUS_MCEERR_AR ? "BUS_MCEERR_AR" : "BUS_ADRERR") :
		 code == SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR", addr);
	return sig;
}

/*
 * mm_fault_error() - what a VM_FAULT_ERROR from handle_mm_fault() means
 * for the task: -ENOMEM for OOM (the caller kills), else the signal.
 */
static int mm_fault_error(struct task_struct *t, unsigned long address,
			  vm_fault_t fault)
{
	if (fault & VM_FAULT_OOM)
		return -ENOMEM;
	if (fault & (VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE))
		return force_sig_fault(t, SIGBUS, BUS_MCEERR_AR, address);
	if (fault & VM_FAULT_SIGBUS)
		return force_sig_fault(t, SIGBUS, BUS_ADRERR, address);
	/* VM_FAULT_SIGSEGV: bad_area_nosemaphore(), MAPERR */
	return force_sig_fault(t, SIGSEGV, SEGV_MAPERR, address);
}

static int do_user_addr_fault(struct task_struct *t, unsigned long address,
		       u32 error_code)
{
	struct mm_struct *mm = t->mm;
	unsigned int flags = FAULT_FLAG_DEFAULT | FAULT_FLAG_USER;
	struct vm_area_struct *vma;
	int retries = 0;
	vm_fault_t fault;

	trace_mm(mm, "do_user_addr_fault: address %#lx error_code %#x", address,
		 error_code);
	if (error_code & X86_PF_RSVD)
		return force_sig_fault(t, SIGSEGV, SEGV_MAPERR, address);
retry:
	vma = find_vma(mm, address);
	if (!vma)
		return force_sig_fault(t, SIGSEGV, SEGV_MAPERR, address);
	if (vma->vm_start > address &&
	    ((vma->vm_flags & VM_GROWSDOWN) == 0 || expand_stack(vma, address)))
		return force_sig_fault(t, SIGSEGV, SEGV_MAPERR, address);
	if (access_error(error_code, vma))
		return force_sig_fault(t, SIGSEGV, SEGV_ACCERR, address);
	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	if (!retries)
		mm->machine->vm_events[PGFAULT]++;
	fault = handle_mm_fault(vma, address, flags);
	if (unlikely(fault & (VM_FAULT_RETRY | VM_FAULT_ERROR))) {
		if (fault & VM_FAULT_ERROR)
			return mm_fault_error(t, address, fault);
		/*
		 * The handler dropped the lock to wait (Linux): look the VMA
		 * up again and retry.  Linux retries for as long as it is
		 * asked (the task stays killable); mmlab gives a handler that
		 * never stops asking SIGBUS after MAX_FAULT_RETRIES.
		 */
		if (++retries > MAX_FAULT_RETRIES) {
			pr_err("fault at %#lx: VM_FAULT_RETRY %d times, SIGBUS\n",
			       address, retries);
			return force_sig_fault(t, SIGBUS, BUS_ADRERR, address);
		}
		flags |= FAULT_FLAG_TRIED;
		goto retry;
	}
	if (fault & VM_FAULT_MAJOR) {
		t->maj_flt++;
		mm->machine->vm_events[PGMAJFAULT]++;
	} else {
		t->min_flt++;
	}
	return 0;
}

/**
 * handle_page_fault() - the MMU faulted on an access of @t to its address
 * space: decode the CPU's fault record and handle it.
 *
 * Return: 0 when the access can be retried, else the signal raised (its
 * siginfo in t->last_siginfo), or -ENOMEM when out of memory.
 */
int handle_page_fault(struct task_struct *t)
{
	const struct hw_fault *f = &t->machine->hw.cpu.fault;

	return do_user_addr_fault(t, (unsigned long)f->addr, f->code);
}

/**
 * page_fault_oops() - a kernel access faulted: Linux oopses; here the oops
 * lines go to the log and the fault is kept for mml_last_fault().
 */
void page_fault_oops(void)
{
	struct mml_machine *m = current_machine();
	u32 ec = m->hw.cpu.fault.code;

	m->last_fault_addr = m->hw.cpu.fault.addr;
	m->last_fault_error = ec;
	printk(KERN_ALERT "BUG: unable to handle page fault for address: %016lx\n",
	       (unsigned long)m->hw.cpu.fault.addr);
	printk(KERN_ALERT "#PF: supervisor %s in kernel mode\n",
	       ec & X86_PF_INSTR ? "instruction fetch" :
	       ec & X86_PF_WRITE ? "write access" : "read access");
	printk(KERN_ALERT "#PF: error_code(0x%04x) - %s\n", ec,
	       !(ec & X86_PF_PROT) ? "not-present page" :
	       ec & X86_PF_RSVD ? "reserved bit violation" :
	       "permissions violation");
}
