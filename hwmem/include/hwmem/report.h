/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem reports: what an allocator refused or found corrupted, said once
 * in the kernel log, KFENCE-style.
 */
#ifndef _HWMEM_REPORT_H
#define _HWMEM_REPORT_H

#include <linux/compiler.h>

__printf(3, 4)
void hwmem_report(const char *what, unsigned long caller, const char *fmt, ...);
unsigned long hwmem_nr_reports(void);

#endif /* _HWMEM_REPORT_H */
