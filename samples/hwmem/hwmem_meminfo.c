// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem_meminfo - an example module that supplies hwmem's memory figures
 *
 * While it is loaded, hwmem's info file shows the figures given as this
 * module's parameters instead of the kernel's; when it unloads, the
 * kernel's come back.  Its callback gets them through its private data.
 *
 * delay_us makes each call sleep that long first: a read of info is then
 * inside this module's code for a while, and unloading it meanwhile must
 * wait for the read to leave (hwmem_restore_detect_memory_fn() does), or
 * the read would run freed code.  leave_in_place=1 skips the restore at
 * unload, as a careless module would: hwmem then restores the default
 * itself, before this module's memory is freed, and says so in the log.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/module.h>

#include <hwmem/info.h>

static unsigned long long total_bytes = 4ULL << 30;
module_param(total_bytes, ullong, 0444);
MODULE_PARM_DESC(total_bytes, "Total bytes to report (default 4294967296)");

static unsigned long long free_bytes = 1ULL << 30;
module_param(free_bytes, ullong, 0444);
MODULE_PARM_DESC(free_bytes, "Free bytes to report (default 1073741824)");

static unsigned long long available_bytes = 2ULL << 30;
module_param(available_bytes, ullong, 0444);
MODULE_PARM_DESC(available_bytes,
		 "Available bytes to report (default 2147483648)");

static unsigned long long swap_total_bytes = 512ULL << 20;
module_param(swap_total_bytes, ullong, 0444);
MODULE_PARM_DESC(swap_total_bytes,
		 "Total swap bytes to report (default 536870912)");

static unsigned long long swap_free_bytes = 256ULL << 20;
module_param(swap_free_bytes, ullong, 0444);
MODULE_PARM_DESC(swap_free_bytes,
		 "Free swap bytes to report (default 268435456)");

static unsigned int delay_us;
module_param(delay_us, uint, 0444);
MODULE_PARM_DESC(delay_us,
		 "Microseconds each call sleeps before answering (default 0)");

static bool leave_in_place;
module_param(leave_in_place, bool, 0444);
MODULE_PARM_DESC(leave_in_place,
		 "Do not restore hwmem's callback at unload, to show that hwmem does (default off)");

static struct hwmem_memory_info figures;

static int meminfo_detect(void *priv, struct hwmem_memory_info *info)
{
	const struct hwmem_memory_info *mine = priv;

	if (delay_us)
		usleep_range(delay_us, delay_us + 10);
	*info = *mine;
	return 0;
}

static int __init meminfo_init(void)
{
	int err;

	figures = (struct hwmem_memory_info){
		.total_bytes = total_bytes,
		.free_bytes = free_bytes,
		.available_bytes = available_bytes,
		.swap_total_bytes = swap_total_bytes,
		.swap_free_bytes = swap_free_bytes,
	};
	err = hwmem_set_detect_memory_fn(meminfo_detect, &figures);
	if (err)
		pr_err("cannot put the memory callback in place: %d\n", err);
	return err;
}

static void __exit meminfo_exit(void)
{
	if (!leave_in_place)
		hwmem_restore_detect_memory_fn();
}

module_init(meminfo_init);
module_exit(meminfo_exit);

MODULE_DESCRIPTION("hwmem example: memory figures of its own for hwmem's info");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HWMEM);
