// SPDX-License-Identifier: MIT
/*
 * The four kinds of mapping, through mmlab's public API: private
 * anonymous (what malloc uses), shared anonymous (shared with a child
 * after fork), private file (copy on write), shared file (writes reach
 * the file).  Built and run by the test suite; docs/api.md walks through
 * it.  Run: ./build/examples/mapping_kinds
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <mmlab/mmlab.h>

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	exit(1); } } while (0)

static struct mml_machine *boot(const char *root)
{
	struct mml_config cfg;

	mml_config_init(&cfg);
	cfg.root = root;		/* the tasks' "/" */
	return mml_machine_new(&cfg);
}

static void private_anonymous(struct mml_task *t)
{
	long a = mml_mmap(t, 0, 2 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[6];

	CHECK(a > 0);
	CHECK(mml_store(t, (unsigned long)a, "hello", 6) == 0);	/* a page fault */
	CHECK(mml_load(t, (unsigned long)a, buf, 6) == 0 && !strcmp(buf, "hello"));
	printf("private anonymous at %#lx: \"%s\"\n", a, buf);
}

static void shared_anonymous(struct mml_machine *m, struct mml_task *t)
{
	long a = mml_mmap(t, 0, 4096, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct mml_task *child;
	char buf[8];

	CHECK(a > 0);
	child = mml_task_get(m, (int)mml_fork(t));
	CHECK(child);
	CHECK(mml_store(child, (unsigned long)a, "child", 6) == 0);
	CHECK(mml_load(t, (unsigned long)a, buf, 6) == 0 && !strcmp(buf, "child"));
	printf("shared anonymous: the parent reads the child's \"%s\"\n", buf);
	mml_exit(child, 0);
}

static void private_file(struct mml_task *t, const char *root)
{
	char path[512], buf[8], host[8];
	long fd = mml_open(t, "/data", O_RDONLY, 0);
	long a;
	FILE *f;

	CHECK(fd >= 0);
	a = mml_mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, (int)fd, 0);
	CHECK(a > 0);
	CHECK(mml_store(t, (unsigned long)a, "COPY", 4) == 0);	/* copy on write */
	CHECK(mml_load(t, (unsigned long)a, buf, 8) == 0);
	snprintf(path, sizeof(path), "%s/data", root);
	f = fopen(path, "r");
	CHECK(f && fread(host, 1, 8, f) == 8);
	fclose(f);
	CHECK(!memcmp(buf, "COPYinal", 8) && !memcmp(host, "original", 8));
	printf("private file: the task sees \"%.8s\", the file still says \"%.8s\"\n",
	       buf, host);
	mml_close(t, (int)fd);
}

static void shared_file(struct mml_machine *m, struct mml_task *t, const char *root)
{
	char path[512], host[8];
	long fd = mml_open(t, "/data", O_RDWR, 0);
	long a;
	FILE *f;

	CHECK(fd >= 0);
	a = mml_mmap(t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	CHECK(a > 0);
	CHECK(mml_store(t, (unsigned long)a, "SHARED", 6) == 0);
	CHECK(mml_msync(t, (unsigned long)a, 4096, MS_SYNC) == 0);	/* written back */
	snprintf(path, sizeof(path), "%s/data", root);
	f = fopen(path, "r");
	CHECK(f && fread(host, 1, 8, f) == 8);
	fclose(f);
	CHECK(!memcmp(host, "SHAREDal", 8));
	printf("shared file: after msync the host file says \"%.8s\"\n", host);
	mml_close(t, (int)fd);
	(void)m;
}

int main(void)
{
	char root[] = "/tmp/mmlab-example-XXXXXX", path[600];
	struct mml_machine *m;
	struct mml_task *t;
	FILE *f;

	CHECK(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/data", root);
	f = fopen(path, "w");
	CHECK(f && fputs("original contents\n", f) >= 0);
	fclose(f);
	m = boot(root);
	CHECK(m);
	t = mml_task_new(m, "example");
	CHECK(t);
	private_anonymous(t);
	shared_anonymous(m, t);
	private_file(t, root);
	shared_file(m, t, root);
	CHECK(mml_audit(m) == 0);
	mml_exit(t, 0);
	mml_machine_free(m);
	unlink(path);
	rmdir(root);
	return 0;
}
