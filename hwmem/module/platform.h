/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem platform: what only the module glue may ask the machine.
 *
 * The logic never calls these; the glue does, at load and unload, and the
 * answers reach the logic through the hooks they register (lib/hook.c).
 */
#ifndef _HWMEM_PLATFORM_H
#define _HWMEM_PLATFORM_H

void hwmem_platform_register(void);
void hwmem_platform_unregister(void);

#if defined(CONFIG_X86_64) && !defined(CONFIG_UML)
void hwmem_platform_register_arch(void);
#else
/* Elsewhere: no cache detection, no maintenance, no live-table walk. */
static inline void hwmem_platform_register_arch(void)
{
}
#endif

#endif /* _HWMEM_PLATFORM_H */
