/*
 * mem.h — drsim's allocator, with a hook that makes the Nth allocation fail.
 *
 * All of drsim allocates through these functions (the store routes SQLite's
 * allocations here too), so a test can sweep N over a whole load, run and
 * store and check that every out-of-memory path ends in a clean error. This is
 * the habit of Lua's ltests.h.
 *
 * Invariant: with the hook off (the default), mem_* behave exactly as the C
 * library functions. The hook's counter is shared by all threads (atomic).
 */
#ifndef DRSIM_MEM_H
#define DRSIM_MEM_H

#include <stddef.h>

/* As malloc/calloc/realloc/free/strdup. They return NULL when the system is
 * out of memory or when the failure hook fires; realloc then leaves the old
 * block untouched. mem_free accepts NULL. */
void *mem_malloc(size_t size);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *ptr, size_t size);
void mem_free(void *ptr);
char *mem_strdup(const char *s);

/* mem_free for a block owned by the caller but shown through a const
 * pointer (a struct whose strings are read-only to its readers, such as the
 * rows the store reads back). Accepts NULL. */
void mem_free_const(const void *ptr);
char *mem_strndup(const char *s, size_t n);

/* Grows an array to hold at least `need` elements of `elem` bytes, doubling.
 * On success *items and *cap are updated; on failure (ERR_NOMEM) they are
 * untouched. Returns 0 on success, -1 on failure. */
int mem_grow(void **items, size_t *cap, size_t need, size_t elem);

/* A reserve for the way out of an allocation failure (the "rainy day fund"
 * of long-running servers): mem_reserve sets `bytes` aside; when an
 * allocation has failed, mem_reserve_release gives them back, so that what
 * must still be done — marking a run failed in the database — finds memory.
 * Under the failure hook, released bytes are an allowance: allocations that
 * fit in what is left of it succeed though the hook would fail them, as they
 * would once real memory was freed. mem_reserve does nothing when a reserve
 * is already set aside (or the system has no memory for it);
 * mem_reserve_free drops the reserve and any allowance left. All three are
 * for one thread at a time (the allowance itself is shared, atomically). */
void mem_reserve(size_t bytes);
void mem_reserve_release(void);
void mem_reserve_free(void);

/* Makes the allocation numbered n (1 = the next one) and every one after it
 * fail, until mem_fail_reset. n = 0 disables the hook. Both clear the
 * reserve's allowance. */
void mem_fail_after(unsigned long n);
void mem_fail_reset(void);

/* How many allocations have been attempted since the last mem_fail_after or
 * mem_fail_reset (for sizing a sweep), and whether the hook has fired. */
unsigned long mem_allocations(void);
int mem_failed(void);

#endif
