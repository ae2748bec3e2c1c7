// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem reports: one line for each refused free and each object found
 * written while free, as KFENCE reports (mm/kfence/report.c), but on one
 * line and without a stack: what happened, to which object, and who asked
 *
 *   hwmem: double free of buddy block 000000009d3a1c55 (offset 0x4000,
 *          order 2) by buddy_cmd_free+0x2d/0x50 [hwmem]
 *
 * (one line in the log).  Objects are hashed as %p hashes them; the
 * caller is the return address of the allocator's entry point, so it is
 * the caller's code that is named.  Every allocator reports through here;
 * the lines are rate-limited together, at most ten every five seconds, so
 * that a fuzzer or a broken client cannot flood the log, and every report
 * is counted whether or not it was printed.
 *
 * Locking: none needed; callable with any of hwmem's locks held.
 */

#include <linux/atomic.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>

#include <hwmem/report.h>

static DEFINE_RATELIMIT_STATE(report_rs, 5 * HZ, 10);
static atomic_long_t nr_reports = ATOMIC_LONG_INIT(0);

/**
 * hwmem_report() - report a refused operation or a corrupted object
 * @what: what was found: "invalid free", "double free", "use after free"...
 * @caller: the return address of the allocator's entry point (_RET_IP_)
 * @fmt: the object, as its allocator describes it, then printf arguments
 */
void hwmem_report(const char *what, unsigned long caller, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	atomic_long_inc(&nr_reports);
	if (!__ratelimit(&report_rs))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("hwmem: %s of %pV by %pS\n", what, &vaf, (void *)caller);
	va_end(args);
}

/**
 * hwmem_nr_reports() - reports made since load, printed or not
 *
 * Return: the count.
 */
unsigned long hwmem_nr_reports(void)
{
	return atomic_long_read(&nr_reports);
}
