// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem trace events: defined here, once, for the whole module.
 */

#define CREATE_TRACE_POINTS
#include <trace/events/hwmem.h>
