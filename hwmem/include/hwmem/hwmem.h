/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem: what the loaded module offers other modules.
 *
 * The symbols are in the HWMEM namespace: a client says
 * MODULE_IMPORT_NS(HWMEM).  A module that uses them depends on hwmem, so
 * hwmem cannot be unloaded while it is loaded.  Allocators that hwmem was
 * loaded without are NULL.  Frames a client takes from the frame
 * allocator belong to owner %HWMEM_OWNER_CLIENT.  Like all of hwmem's
 * allocators, these are for process context: their locks are not
 * IRQ-safe.  samples/hwmem/ has two clients: one allocates from the heaps,
 * one supplies the memory figures (info.h).
 *
 * Lock order, outermost first; a lock may be taken with only those above
 * it held, and each helper that needs one says so to lockdep:
 *
 *   1. a replay's mutex (replay/replay.c), around everything a replay does
 *   2. the hook mutex (lib/hook.c), taken only to set or restore a hook;
 *      calls through a hook hold its SRCU read side, under which
 *      callbacks may sleep but not set or restore a hook
 *   3. virt->lock (virt/space.c) and slab->lock (heap/slab.c), never
 *      both at once
 *   4. phys->lock (phys/phys.c), buddy->lock (heap/buddy.c) and
 *      bump->lock (heap/bump.c): innermost, none nests in another;
 *      phys->lock nests inside virt->lock and slab->lock
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
