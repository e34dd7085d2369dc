/* SPDX-License-Identifier: MIT */
/*
 * irq_domain: the map from one interrupt controller's hardware numbers
 * (hwirq) to Linux IRQ numbers (virq).  Three kinds, as in Linux:
 *  - linear: an array indexed by hwirq, for small dense controllers
 *    (an I/O APIC's 24 pins, a GIC's SPIs); a hwirq past its size falls
 *    back to the tree;
 *  - tree: a search tree keyed by hwirq, for large sparse numbers;
 *  - nomap: hwirq == virq, for controllers that can be programmed with
 *    the Linux number (irq_create_direct_mapping()).
 * A device-tree interrupt controller (ARM GIC) names its domain by its
 * fwnode; xlate turns the node's interrupt specifier into hwirq and type.
 */
#ifndef _LINUX_IRQDOMAIN_H
#define _LINUX_IRQDOMAIN_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/irq.h>

/* A firmware node: a device-tree node or a named node (x86's IO-APIC-0). */
struct fwnode_handle {
	const char *name;
};

struct device_node {
	struct fwnode_handle fwnode;
	const char *full_name;
};

static inline struct fwnode_handle *of_node_to_fwnode(struct device_node *np)
{
	return np ? &np->fwnode : NULL;
}

struct irq_domain_ops {
	int (*map)(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw);
	void (*unmap)(struct irq_domain *d, unsigned int virq);
	int (*xlate)(struct irq_domain *d, struct device_node *node,
		     const u32 *intspec, unsigned int intsize,
		     irq_hw_number_t *out_hwirq, unsigned int *out_type);
};

#define IRQ_DOMAIN_FLAG_NO_MAP		(1u << 6)	/* Linux's value */

struct irq_domain {
	struct list_head link;
	char *name;
	const struct irq_domain_ops *ops;
	void *host_data;
	unsigned int flags;
	unsigned int mapcount;
	struct fwnode_handle *fwnode;
	irq_hw_number_t hwirq_max;
	unsigned int revmap_size;	/* linear part; 0: tree or nomap */
	struct rb_root revmap_tree;	/* hwirqs past the linear part */
	unsigned int revmap[];		/* hwirq -> virq, 0: none */
};

static inline bool irq_domain_is_nomap(const struct irq_domain *d)
{
	return d->flags & IRQ_DOMAIN_FLAG_NO_MAP;
}

struct irq_domain *irq_domain_create_linear(struct fwnode_handle *fwnode,
					    unsigned int size,
					    const struct irq_domain_ops *ops,
					    void *host_data);
struct irq_domain *irq_domain_create_tree(struct fwnode_handle *fwnode,
					  const struct irq_domain_ops *ops,
					  void *host_data);
struct irq_domain *irq_domain_create_nomap(struct fwnode_handle *fwnode,
					   unsigned int max_irq,
					   const struct irq_domain_ops *ops,
					   void *host_data);
void irq_domain_remove(struct irq_domain *domain);

/* The device-tree names, removed in Linux 6.16 but in many drivers. */
static inline struct irq_domain *
irq_domain_add_linear(struct device_node *of_node, unsigned int size,
		      const struct irq_domain_ops *ops, void *host_data)
{
	return irq_domain_create_linear(of_node_to_fwnode(of_node), size, ops,
					host_data);
}

static inline struct irq_domain *
irq_domain_add_tree(struct device_node *of_node,
		    const struct irq_domain_ops *ops, void *host_data)
{
	return irq_domain_create_tree(of_node_to_fwnode(of_node), ops, host_data);
}

static inline struct irq_domain *
irq_domain_add_nomap(struct device_node *of_node, unsigned int max_irq,
		     const struct irq_domain_ops *ops, void *host_data)
{
	return irq_domain_create_nomap(of_node_to_fwnode(of_node), max_irq, ops,
				       host_data);
}

unsigned int irq_create_mapping(struct irq_domain *domain,
				irq_hw_number_t hwirq);
unsigned int irq_create_direct_mapping(struct irq_domain *domain);
unsigned int irq_find_mapping(struct irq_domain *domain,
			      irq_hw_number_t hwirq);
void irq_dispose_mapping(unsigned int virq);
int irq_domain_xlate_onecell(struct irq_domain *d, struct device_node *node,
			     const u32 *intspec, unsigned int intsize,
			     irq_hw_number_t *out_hwirq, unsigned int *out_type);
int irq_domain_xlate_twocell(struct irq_domain *d, struct device_node *node,
			     const u32 *intspec, unsigned int intsize,
			     irq_hw_number_t *out_hwirq, unsigned int *out_type);
/* The domain named @name, or NULL (mmlab: the shell and tests find them). */
struct irq_domain *irq_find_domain_by_name(const char *name);

#endif
