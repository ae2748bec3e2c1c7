// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem_test.ko: hwmem's logic, its x86 platform code and every KUnit
 * suite, as one loadable module for kernels with CONFIG_KUNIT=m (the
 * sanitized kernel scripts/xkernel.sh builds).  The suites run when it
 * is loaded; the results are KTAP in the kernel log.
 */

#include <linux/module.h>

MODULE_DESCRIPTION("hwmem KUnit suites, as a loadable module");
MODULE_LICENSE("GPL");
