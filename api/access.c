// SPDX-License-Identifier: MIT
/*
 * Public memory and port access: physical addresses straight onto the
 * bus, kernel virtual addresses through the MMU as a CPL-0 data access
 * (kernel_load()/kernel_store()), and the x86 I/O port space.
 */
#include <mmlab/mmlab.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/io.h>
#include <asm/page.h>
#include "api/api.h"

static bool width_ok(unsigned int width)
{
	return width == 1 || width == 2 || width == 4 || width == 8;
}

/* Common checks of mml_read()/mml_write(); 0 or -EINVAL with a message. */
static int access_check(struct mml_machine *m, enum mml_space sp, u64 addr,
			unsigned int width)
{
	if (sp != MML_SPACE_PHYS && sp != MML_SPACE_KERNEL) {
		mml_set_error(m, "unknown address space %d", (int)sp);
		return -EINVAL;
	}
	if (!width_ok(width)) {
		mml_set_error(m, "bad access width %u (1, 2, 4 or 8 bytes)",
			      width);
		return -EINVAL;
	}
	if (addr & (width - 1)) {
		mml_set_error(m, "address %#llx is not aligned to %u bytes",
			      (unsigned long long)addr, width);
		return -EINVAL;
	}
	if (sp == MML_SPACE_KERNEL && !is_canonical_address(addr)) {
		mml_set_error(m, "address %#llx is not canonical",
			      (unsigned long long)addr);
		return -EINVAL;
	}
	return 0;
}

/* Turn an access error into the API's message. */
static int access_error(struct mml_machine *m, enum mml_space sp, u64 addr,
			int err)
{
	if (err == -EIO) {
		mml_set_error(m, "physical address %#llx: nothing decodes it",
			      (unsigned long long)addr);
	} else if (err == -EFAULT) {
		m->last_fault_addr = m->hw.cpu.fault.addr;
		m->last_fault_error = m->hw.cpu.fault.code;
		mml_set_error(m, "kernel page fault at %#llx, error code %#x",
			      (unsigned long long)m->hw.cpu.fault.addr,
			      m->hw.cpu.fault.code);
	} else if (err) {
		mml_set_error(m, "%s access at %#llx failed (%d)",
			      sp == MML_SPACE_PHYS ? "physical" : "kernel",
			      (unsigned long long)addr, err);
	}
	return err;
}

/**
 * mml_read() - read one unit of @width bytes at @addr in space @sp.
 *
 * Return: 0 with *@val; -EINVAL (bad argument), -EIO (physical address
 * nobody decodes; *@val is then all ones), -EFAULT (kernel page fault).
 */
MML_API int mml_read(struct mml_machine *m, enum mml_space sp, uint64_t addr,
		     unsigned int width, uint64_t *val)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	u64 v = 0;
	int err;

	if (!m || !val)
		return -EINVAL;
	err = access_check(m, sp, addr, width);
	if (err)
		return err;
	if (sp == MML_SPACE_PHYS)
		err = hw_phys_read(&m->hw, addr, width, &v);
	else
		err = kernel_load((unsigned long)addr, width, &v);
	*val = v;
	return access_error(m, sp, addr, err);
}

/**
 * mml_write() - write the low @width bytes of @val at @addr in space @sp.
 *
 * Return: 0; -EINVAL, -EIO, -EFAULT as mml_read().
 */
MML_API int mml_write(struct mml_machine *m, enum mml_space sp, uint64_t addr,
		      unsigned int width, uint64_t val)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m)
		return -EINVAL;
	err = access_check(m, sp, addr, width);
	if (err)
		return err;
	if (sp == MML_SPACE_PHYS)
		err = hw_phys_write(&m->hw, addr, width, val);
	else
		err = kernel_store((unsigned long)addr, width, val);
	return access_error(m, sp, addr, err);
}

static int port_check(struct mml_machine *m, u16 port, unsigned int width)
{
	if (width != 1 && width != 2 && width != 4) {
		mml_set_error(m, "bad port width %u (1, 2 or 4 bytes)", width);
		return -EINVAL;
	}
	if ((u32)port + width - 1 > 0xffff) {
		mml_set_error(m, "port %#x + %u bytes runs past 0xffff", port,
			      width);
		return -EINVAL;
	}
	return 0;
}

/**
 * mml_port_in() - inb/inw/inl: read @width bytes from I/O port @port.
 *
 * An undecoded port reads all ones, as on a PC.
 * Return: 0 with *@val, or -EINVAL for a bad width.
 */
MML_API int mml_port_in(struct mml_machine *m, uint16_t port,
			unsigned int width, uint32_t *val)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m || !val)
		return -EINVAL;
	err = port_check(m, port, width);
	if (err)
		return err;
	*val = hw_port_in(&m->hw, port, width);
	return 0;
}

/**
 * mml_port_out() - outb/outw/outl: write @width bytes to I/O port @port.
 *
 * A write to an undecoded port is dropped.
 * Return: 0, or -EINVAL for a bad width.
 */
MML_API int mml_port_out(struct mml_machine *m, uint16_t port,
			 unsigned int width, uint32_t val)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m)
		return -EINVAL;
	err = port_check(m, port, width);
	if (err)
		return err;
	if (width < 4)
		val &= (1u << (width * 8)) - 1;
	hw_port_out(&m->hw, port, width, val);
	return 0;
}

/** mml_last_fault() - CR2 and error code of the latest kernel fault. */
MML_API void mml_last_fault(const struct mml_machine *m, uint64_t *cr2,
			    uint32_t *error_code)
{
	if (cr2)
		*cr2 = m ? m->last_fault_addr : 0;
	if (error_code)
		*error_code = m ? m->last_fault_error : 0;
}
