/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem benchmarks: spinlocks that cost what an SMP kernel's cost, in a
 * single-CPU kernel (CONFIG_HWMEM_BENCH_SMP_LOCKS).
 *
 * UML is single-CPU, and there spin_lock() is preempt_disable(), itself a
 * compiler barrier without PREEMPT_COUNT: hwmem's locks cost nothing,
 * while its anchors, the page allocator and SLUB, still save and restore
 * interrupts (out-of-line um_set_signals() calls in UML).  With the option
 * set, Kbuild force-includes this header (-include) into every object of
 * hwmem's logic, and spin_lock() and spin_unlock() do what an x86-64 SMP
 * kernel's do when nobody else holds the lock (queued_spin_lock() and
 * queued_spin_unlock(), with PREEMPT_COUNT as Debian's kernels have it):
 *
 *   lock:   preempt_count_inc(); lock cmpxchg of the lock word, 0 -> 1
 *   unlock: a release store of 0 to the lock word;
 *           preempt_count_dec_and_test(), and a call when it says so
 *
 * The lock prefix is written out: the kernel's atomics leave it out when
 * CONFIG_SMP is off (LOCK_PREFIX is empty), which would again make the
 * lock cheaper than an SMP kernel's.
 *
 * On a single CPU spinlock_t has no storage, so the lock words live in a
 * table, a cache line each, picked by the lock's address.  Two hwmem
 * locks that nest (the slab's around the frame allocator's) may pick the
 * same word.  The cmpxchg of the inner one then fails, and the word
 * counts its holders instead (a locked increment, and a locked decrement
 * to release): nothing ever spins, so nothing can deadlock, and with one
 * CPU and hwmem's locks never taken from interrupts nobody else can change
 * a word between its read and its write.
 *
 * What it leaves out: contention (a waiter spinning, the queue), the lock
 * word's cache line moving between CPUs, and that the word shares a line
 * with the data it protects (here it is a line of its own, hot in L1 in
 * every loop the benchmarks time).
 */
#ifndef _HWMEM_BENCH_LOCK_H
#define _HWMEM_BENCH_LOCK_H

#include <linux/cache.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/* Lock words in the table; a power of two. */
#define HWMEM_BENCH_LOCK_WORDS	64

/**
 * struct hwmem_bench_lock_word - where some spinlocks keep their state
 * @val: 0 free, 1 held, n > 1 held n times (locks that share the word)
 */
struct hwmem_bench_lock_word {
	u32 val;
} ____cacheline_aligned;

extern struct hwmem_bench_lock_word hwmem_bench_lock_words[HWMEM_BENCH_LOCK_WORDS];
extern unsigned long hwmem_bench_lock_preempt_points;

void hwmem_bench_lock_preempt(void);

/* The word of @lock: by cache line, so that locks apart get words apart. */
static __always_inline u32 *hwmem_bench_lock_word(spinlock_t *lock)
{
	unsigned long line = (unsigned long)lock / L1_CACHE_BYTES;

	return &hwmem_bench_lock_words[line % HWMEM_BENCH_LOCK_WORDS].val;
}

/* Annotated for sparse, which counts lock contexts as the kernel's locks. */
static __always_inline void hwmem_bench_spin_lock(spinlock_t *lock)
	__acquires(lock)
{
	u32 *word = hwmem_bench_lock_word(lock);
	u32 old = 0;
	bool taken;

	preempt_count_inc();
	barrier();
	asm volatile("lock cmpxchgl %[new], %[word]"
		     : "=@ccz" (taken), [word] "+m" (*word), "+a" (old)
		     : [new] "r" (1U)
		     : "memory");
	if (unlikely(!taken))
		asm volatile("lock incl %[word]" : [word] "+m" (*word) : : "memory");
	__acquire(lock);
}

static __always_inline void hwmem_bench_spin_unlock(spinlock_t *lock)
	__releases(lock)
{
	u32 *word = hwmem_bench_lock_word(lock);

	__release(lock);
	if (likely(READ_ONCE(*word) == 1)) {
		/* x86's smp_store_release(): a compiler barrier and a store. */
		barrier();
		WRITE_ONCE(*word, 0);
	} else {
		asm volatile("lock decl %[word]" : [word] "+m" (*word) : : "memory");
	}
	barrier();
	if (unlikely(preempt_count_dec_and_test()))
		hwmem_bench_lock_preempt();
}

#define spin_lock(lock)		hwmem_bench_spin_lock(lock)
#define spin_unlock(lock)	hwmem_bench_spin_unlock(lock)

#endif /* _HWMEM_BENCH_LOCK_H */
