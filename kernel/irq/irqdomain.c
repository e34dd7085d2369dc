// SPDX-License-Identifier: MIT
/*
 * irq_domain: hwirq -> virq maps (Linux's kernel/irq/irqdomain.c), with
 * the linear, tree and no-map reverse maps.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/trace.h>
#include "kernel/irq/internals.h"

static struct irq_domain *domain_alloc(struct fwnode_handle *fwnode,
				       unsigned int size,
				       irq_hw_number_t hwirq_max,
				       const struct irq_domain_ops *ops,
				       void *host_data)
{
	struct irq_state *is = irq_state();
	struct irq_domain *d;
	char name[64];

	d = irq_kzalloc(sizeof(*d) + size * sizeof(d->revmap[0]));
	if (!d)
		return NULL;
	if (fwnode && fwnode->name)
		snprintf(name, sizeof(name), "%s", fwnode->name);
	else
		snprintf(name, sizeof(name), "unknown-%u", ++is->unknown_domains);
	d->name = irq_kzalloc(strlen(name) + 1);
	if (!d->name) {
		free(d);
		return NULL;
	}
	strcpy(d->name, name);
	d->fwnode = fwnode;
	d->ops = ops;
	d->host_data = host_data;
	d->hwirq_max = hwirq_max;
	d->revmap_size = size;
	d->revmap_tree = RB_ROOT;
	list_add_tail(&d->link, &is->domains);
	trace_m("Added domain %s\n", d->name);
	return d;
}

/**
 * irq_domain_create_linear() - a domain for hwirqs [0, @size), mapped
 * through an array.
 * Return: the domain, or NULL when out of memory.
 */
struct irq_domain *irq_domain_create_linear(struct fwnode_handle *fwnode,
					    unsigned int size,
					    const struct irq_domain_ops *ops,
					    void *host_data)
{
	return domain_alloc(fwnode, size, size, ops, host_data);
}

/** irq_domain_create_tree() - a domain for any hwirq, mapped through a tree. */
struct irq_domain *irq_domain_create_tree(struct fwnode_handle *fwnode,
					  const struct irq_domain_ops *ops,
					  void *host_data)
{
	return domain_alloc(fwnode, 0, ~0UL, ops, host_data);
}

/**
 * irq_domain_create_nomap() - a domain whose hwirq is the virq, below
 * @max_irq; mappings come from irq_create_direct_mapping().
 */
struct irq_domain *irq_domain_create_nomap(struct fwnode_handle *fwnode,
					   unsigned int max_irq,
					   const struct irq_domain_ops *ops,
					   void *host_data)
{
	struct irq_domain *d = domain_alloc(fwnode, 0, max_irq ? max_irq : ~0UL,
					    ops, host_data);

	if (d)
		d->flags |= IRQ_DOMAIN_FLAG_NO_MAP;
	return d;
}

static struct irq_revmap_node *tree_find(struct irq_domain *d,
					 irq_hw_number_t hwirq)
{
	struct rb_node *n = d->revmap_tree.rb_node;

	while (n) {
		struct irq_revmap_node *e = rb_entry(n, struct irq_revmap_node, rb);

		if (hwirq < e->hwirq)
			n = n->rb_left;
		else if (hwirq > e->hwirq)
			n = n->rb_right;
		else
			return e;
	}
	return NULL;
}

static int tree_insert(struct irq_domain *d, irq_hw_number_t hwirq,
		       unsigned int virq)
{
	struct rb_node **p = &d->revmap_tree.rb_node, *parent = NULL;
	struct irq_revmap_node *e = irq_kzalloc(sizeof(*e));

	if (!e)
		return -ENOMEM;
	e->hwirq = hwirq;
	e->virq = virq;
	while (*p) {
		struct irq_revmap_node *x = rb_entry(*p, struct irq_revmap_node, rb);

		parent = *p;
		p = hwirq < x->hwirq ? &(*p)->rb_left : &(*p)->rb_right;
	}
	rb_link_node(&e->rb, parent, p);
	rb_insert_color(&e->rb, &d->revmap_tree);
	return 0;
}

static int revmap_set(struct irq_domain *d, irq_hw_number_t hwirq,
		      unsigned int virq)
{
	if (irq_domain_is_nomap(d))
		return 0;
	if (hwirq < d->revmap_size) {
		d->revmap[hwirq] = virq;
		return 0;
	}
	return tree_insert(d, hwirq, virq);
}

static void revmap_clear(struct irq_domain *d, irq_hw_number_t hwirq)
{
	struct irq_revmap_node *e;

	if (irq_domain_is_nomap(d))
		return;
	if (hwirq < d->revmap_size) {
		d->revmap[hwirq] = 0;
		return;
	}
	e = tree_find(d, hwirq);
	if (e) {
		rb_erase(&e->rb, &d->revmap_tree);
		free(e);
	}
}

/**
 * irq_find_mapping() - the virq @hwirq of @domain is mapped to.
 * Return: it, or 0 if none.
 */
unsigned int irq_find_mapping(struct irq_domain *domain, irq_hw_number_t hwirq)
{
	struct irq_revmap_node *e;
	struct irq_data *data;

	if (!domain)
		return 0;
	if (irq_domain_is_nomap(domain)) {
		if (hwirq >= domain->hwirq_max || hwirq >= NR_IRQS)
			return 0;
		data = irq_get_irq_data((unsigned int)hwirq);
		return data && data->domain == domain && data->hwirq == hwirq ?
		       (unsigned int)hwirq : 0;
	}
	if (hwirq < domain->revmap_size)
		return domain->revmap[hwirq];
	e = tree_find(domain, hwirq);
	return e ? e->virq : 0;
}

/* Tie @virq to @hwirq of @d and let the domain set its chip (->map). */
static int irq_domain_associate(struct irq_domain *d, unsigned int virq,
				irq_hw_number_t hwirq)
{
	struct irq_data *data = irq_get_irq_data(virq);
	int err;

	if (WARN(hwirq >= d->hwirq_max,
		 "error: hwirq 0x%lx is too large for %s\n", hwirq, d->name))
		return -EINVAL;
	if (WARN(!data || data->domain, "error: virq%u is not free\n", virq))
		return -EINVAL;
	data->hwirq = hwirq;
	data->domain = d;
	if (d->ops && d->ops->map) {
		err = d->ops->map(d, virq, hwirq);
		if (err) {
			if (err != -EPERM)
				pr_info("%s didn't like hwirq-0x%lx to VIRQ%u mapping (rc=%d)\n",
					d->name, hwirq, virq, err);
			goto out_clear;
		}
	}
	err = revmap_set(d, hwirq, virq);
	if (err)
		goto out_unmap;
	d->mapcount++;
	return 0;

out_unmap:
	if (d->ops && d->ops->unmap)
		d->ops->unmap(d, virq);
out_clear:
	data->domain = NULL;
	data->hwirq = 0;
	return err;
}

/**
 * irq_create_mapping() - map @hwirq of @domain to a new virq (or return
 * the one it has).
 * Return: the virq, or 0 on failure (logged).
 */
unsigned int irq_create_mapping(struct irq_domain *domain, irq_hw_number_t hwirq)
{
	unsigned int virq;
	int irq;

	if (WARN(!domain, "irq_create_mapping called with no domain\n"))
		return 0;
	if (irq_domain_is_nomap(domain)) {
		/* Linux: a no-map domain maps only through direct mappings. */
		pr_err("irq: %s is a no-map domain: use irq_create_direct_mapping()\n",
		       domain->name);
		return 0;
	}
	virq = irq_find_mapping(domain, hwirq);
	if (virq) {
		trace_m("existing mapping on virq %u\n", virq);
		return virq;
	}
	irq = irq_alloc_desc_from(1);
	if (irq <= 0) {
		trace_m("-> virq allocation failed\n");
		return 0;
	}
	if (irq_domain_associate(domain, (unsigned int)irq, hwirq)) {
		irq_free_desc((unsigned int)irq);
		return 0;
	}
	trace_m("irq %lu on domain %s mapped to virtual irq %d\n", hwirq,
		 domain->name, irq);
	return (unsigned int)irq;
}

/**
 * irq_create_direct_mapping() - a virq for a no-map domain, its hwirq
 * being the virq itself.
 * Return: the virq, or 0.
 */
unsigned int irq_create_direct_mapping(struct irq_domain *domain)
{
	int irq;

	if (!domain || !irq_domain_is_nomap(domain))
		return 0;
	irq = irq_alloc_desc_from(1);
	if (irq <= 0) {
		trace_m("create_direct virq allocation failed\n");
		return 0;
	}
	if ((unsigned long)irq >= domain->hwirq_max) {
		pr_err("ERROR: no free irqs available below %lu maximum\n",
		       domain->hwirq_max);
		irq_free_desc((unsigned int)irq);
		return 0;
	}
	if (irq_domain_associate(domain, (unsigned int)irq, (unsigned int)irq)) {
		irq_free_desc((unsigned int)irq);
		return 0;
	}
	return (unsigned int)irq;
}

static void irq_domain_disassociate(struct irq_domain *d, unsigned int virq)
{
	struct irq_data *data = irq_get_irq_data(virq);
	struct irq_desc *desc = irq_to_desc(virq);

	if (d->ops && d->ops->unmap)
		d->ops->unmap(d, virq);
	revmap_clear(d, data->hwirq);
	data->domain = NULL;
	data->hwirq = 0;
	data->chip = &no_irq_chip;
	data->chip_data = NULL;
	desc->handle_irq = handle_bad_irq;
	d->mapcount--;
}

/**
 * irq_dispose_mapping() - unmap @virq from its domain and free it.
 * A virq with handlers still requested is a driver bug: WARN, and they go.
 */
void irq_dispose_mapping(unsigned int virq)
{
	struct irq_desc *desc = irq_to_desc(virq);
	struct irq_domain *d;

	if (!desc || !desc->irq_data.domain)
		return;
	d = desc->irq_data.domain;
	WARN(desc->action, "irq %u: disposing of a mapping with %s still requested\n",
	     virq, desc->action ? desc->action->name : "");
	if (desc->action)
		irq_shutdown(desc);
	irq_domain_disassociate(d, virq);
	irq_free_desc(virq);
}

/** irq_domain_remove() - dispose of @domain's mappings and free it. */
void irq_domain_remove(struct irq_domain *domain)
{
	unsigned int i;

	if (!domain)
		return;
	for (i = 0; i < NR_IRQS && domain->mapcount; i++) {
		struct irq_data *data = irq_get_irq_data(i);

		if (data && data->domain == domain)
			irq_dispose_mapping(i);
	}
	list_del(&domain->link);
	free(domain->name);
	free(domain);
}

void irq_domain_free_all(void)
{
	struct irq_state *is = irq_state();

	while (!list_empty(&is->domains))
		irq_domain_remove(list_first_entry(&is->domains, struct irq_domain, link));
}

struct irq_domain *irq_find_domain_by_name(const char *name)
{
	struct irq_domain *d;

	list_for_each_entry(d, &irq_state()->domains, link)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

/** irq_domain_xlate_onecell() - a device tree's <hwirq> specifier. */
int irq_domain_xlate_onecell(struct irq_domain *d, struct device_node *node,
			     const u32 *intspec, unsigned int intsize,
			     irq_hw_number_t *out_hwirq, unsigned int *out_type)
{
	if (WARN_ON(intsize < 1))
		return -EINVAL;
	*out_hwirq = intspec[0];
	*out_type = IRQ_TYPE_NONE;
	return 0;
}

/** irq_domain_xlate_twocell() - a device tree's <hwirq type> specifier. */
int irq_domain_xlate_twocell(struct irq_domain *d, struct device_node *node,
			     const u32 *intspec, unsigned int intsize,
			     irq_hw_number_t *out_hwirq, unsigned int *out_type)
{
	if (WARN_ON(intsize < 2))
		return -EINVAL;
	*out_hwirq = intspec[0];
	*out_type = intspec[1] & IRQ_TYPE_LEVEL_MASK ? intspec[1] & 0xf :
		    intspec[1] & 0x3;
	return 0;
}

/* Each map entry names a descriptor of this domain with that hwirq. */
int irq_domain_audit(char *msg, size_t n)
{
	struct irq_domain *d;

	list_for_each_entry(d, &irq_state()->domains, link) {
		unsigned int count = 0, i;
		struct rb_node *rb;

		for (i = 0; i < d->revmap_size; i++) {
			struct irq_data *data;

			if (!d->revmap[i])
				continue;
			data = irq_get_irq_data(d->revmap[i]);
			if (!data || data->domain != d || data->hwirq != i) {
				snprintf(msg, n, "irq domain %s: hwirq %u maps to virq %u, which is not its",
					 d->name, i, d->revmap[i]);
				return -EUCLEAN;
			}
			count++;
		}
		for (rb = rb_first(&d->revmap_tree); rb; rb = rb_next(rb)) {
			struct irq_revmap_node *e = rb_entry(rb, struct irq_revmap_node, rb);
			struct irq_data *data = irq_get_irq_data(e->virq);

			if (!data || data->domain != d || data->hwirq != e->hwirq) {
				snprintf(msg, n, "irq domain %s: tree hwirq %lu maps to virq %u, which is not its",
					 d->name, e->hwirq, e->virq);
				return -EUCLEAN;
			}
			count++;
		}
		if (irq_domain_is_nomap(d))
			for (i = 0; i < NR_IRQS; i++)
				count += irq_get_irq_data(i) &&
					 irq_get_irq_data(i)->domain == d;
		if (count != d->mapcount) {
			snprintf(msg, n, "irq domain %s: mapcount %u but %u mappings",
				 d->name, d->mapcount, count);
			return -EUCLEAN;
		}
	}
	return 0;
}
