// SPDX-License-Identifier: MIT
/*
 * The x86 page-fault handler for user addresses (do_user_addr_fault()):
 * find the VMA, grow a stack, check the access against the VMA, let
 * handle_mm_fault() resolve it, and turn failures into the signal Linux
 * delivers: SIGSEGV with SEGV_MAPERR (no VMA) or SEGV_ACCERR (the VMA
 * forbids it), SIGBUS with BUS_ADRERR (past the end of a file).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/trace.h>
#include "hw/hw.h"
#include "mm/internal.h"

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
		 sig == SIGBUS ? "BUS_ADRERR" :
		 code == SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR", addr);
	return sig;
}

/**
 * do_user_addr_fault() - handle a user-mode page fault of task @t.
 * Return: 0 when the access can be retried, else the signal raised
 * (its siginfo in t->last_siginfo), or -ENOMEM when out of memory.
 */
int do_user_addr_fault(struct task_struct *t, unsigned long address,
		       u32 error_code)
{
	struct mm_struct *mm = t->mm;
	unsigned int flags = FAULT_FLAG_USER;
	struct vm_area_struct *vma;
	vm_fault_t fault;

	trace_mm(mm, "do_user_addr_fault: address %#lx error_code %#x", address,
		 error_code);
	if (error_code & X86_PF_RSVD)
		return force_sig_fault(t, SIGSEGV, SEGV_MAPERR, address);
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
	mm->machine->vm_events[PGFAULT]++;
	fault = handle_mm_fault(vma, address, flags);
	if (fault & VM_FAULT_OOM)
		return -ENOMEM;
	if (fault & VM_FAULT_SIGBUS)
		return force_sig_fault(t, SIGBUS, BUS_ADRERR, address);
	if (fault & VM_FAULT_SIGSEGV)	/* bad_area_nosemaphore(): MAPERR */
		return force_sig_fault(t, SIGSEGV, SEGV_MAPERR, address);
	if (fault & VM_FAULT_MAJOR) {
		t->maj_flt++;
		mm->machine->vm_events[PGMAJFAULT]++;
	}
	else
		t->min_flt++;
	return 0;
}
