/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem: what the loaded module offers other modules.
 *
 * A module that uses these depends on hwmem, so hwmem cannot be unloaded
 * while it is loaded.  Allocators that hwmem was loaded without are NULL.
 * Frames a client takes from the frame allocator belong to owner
 * %HWMEM_OWNER_CLIENT.  Like all of hwmem's allocators, these are for
 * process context: their locks are not IRQ-safe.
 */
#ifndef _HWMEM_HWMEM_H
#define _HWMEM_HWMEM_H

#include <hwmem/buddy.h>
#include <hwmem/bump.h>
#include <hwmem/phys.h>
#include <hwmem/slab.h>

struct hwmem_phys *hwmem_get_phys(void);
struct hwmem_bump *hwmem_get_bump(void);
struct hwmem_buddy *hwmem_get_buddy(void);
struct hwmem_slab *hwmem_get_slab(void);

#endif /* _HWMEM_HWMEM_H */
