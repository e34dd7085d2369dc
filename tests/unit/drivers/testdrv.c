// SPDX-License-Identifier: MIT
/*
 * A driver for the loader's and the character-device layer's tests: a
 * register_chrdev() device with a class and a node, every module_param
 * type, an init that fails on request (fail=-N), and an exit that leaves
 * things behind on request (leak=1), for the leak report: its kmalloc()
 * buffer's page stays uncached (set_memory_uc()).
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/interrupt.h>
#include <asm/set_memory.h>

static int ip = 1;
static unsigned int up = 2;
static long lp = 3;
static unsigned long ulp = 4;
static char *cp = "none";
static bool bp;
static int fail;
static bool leak;
static int irq = -1;
static int irq_count;
module_param(ip, int, 0444);
module_param(up, uint, 0444);
module_param(lp, long, 0444);
module_param(ulp, ulong, 0444);
module_param(cp, charp, 0444);
module_param(bp, bool, 0444);
module_param(fail, int, 0444);
module_param(leak, bool, 0444);
module_param(irq, int, 0444);

static int major;
static struct class *cls;
static void *vbuf;
static char *kbuf;

static ssize_t testdrv_read(struct file *file, char __user *buf, size_t n,
			    loff_t *pos)
{
	char text[256];
	int len = snprintf(text, sizeof(text), "%d %u %ld %lu %s %d minor %u\n",
			   ip, up, lp, ulp, cp, bp, iminor(file->f_inode));

	if (*pos >= len)
		return 0;
	if (n > (size_t)(len - *pos))
		n = len - *pos;
	if (copy_to_user(buf, text + *pos, n))
		return -EFAULT;
	*pos += n;
	return n;
}

static const struct file_operations testdrv_fops = {
	.owner = THIS_MODULE,
	.read = testdrv_read,
	.llseek = noop_llseek,
};

/* irq=N: a handler on virq N that counts and logs. */
static irqreturn_t testdrv_interrupt(int n, void *dev_id)
{
	int *count = dev_id;

	(*count)++;
	pr_info("testdrv: interrupt %d, count %d\n", n, *count);
	return IRQ_HANDLED;
}

static int __init testdrv_init(void)
{
	struct device *dev;

	if (fail)
		return fail;
	major = register_chrdev(0, "testdrv", &testdrv_fops);
	if (major < 0)
		return major;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	cls = class_create("testdrv");
#else
	cls = class_create(THIS_MODULE, "testdrv");
#endif
	if (IS_ERR(cls)) {
		unregister_chrdev(major, "testdrv");
		return PTR_ERR(cls);
	}
	dev = device_create(cls, NULL, MKDEV(major, 0), NULL, "testdrv%d", 0);
	if (IS_ERR(dev)) {
		class_destroy(cls);
		unregister_chrdev(major, "testdrv");
		return PTR_ERR(dev);
	}
	if (irq >= 0) {
		int err = request_irq((unsigned int)irq, testdrv_interrupt, 0,
				      "testdrv", &irq_count);

		if (err) {
			device_destroy(cls, MKDEV(major, 0));
			class_destroy(cls);
			unregister_chrdev(major, "testdrv");
			return err;
		}
	}
	vbuf = vmalloc(3 * PAGE_SIZE);
	kbuf = kmalloc(100, GFP_KERNEL);
	if (kbuf && set_memory_uc((unsigned long)kbuf & PAGE_MASK, 1))
		pr_warn("testdrv: set_memory_uc failed\n");
	pr_info("testdrv: major %d, cp=%s\n", major, cp);
	return 0;
}

static void __exit testdrv_exit(void)
{
	if (leak)
		return;
	if (irq >= 0)
		free_irq((unsigned int)irq, &irq_count);
	device_destroy(cls, MKDEV(major, 0));
	class_destroy(cls);
	unregister_chrdev(major, "testdrv");
	vfree(vbuf);
	if (kbuf)
		set_memory_wb((unsigned long)kbuf & PAGE_MASK, 1);
	kfree(kbuf);
}

module_init(testdrv_init);
module_exit(testdrv_exit);
MODULE_LICENSE("GPL");
