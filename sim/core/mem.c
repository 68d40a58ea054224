/*
 * mem.c — the allocator and its failure hook.
 *
 * The hook is a pair of atomic counters: `countdown` (0 = off) and `attempts`.
 * Each allocation increments `attempts`; when the hook is on and `attempts`
 * reaches `countdown`, that allocation and every later one fails — unless
 * the reserve, once released, still allows it (`allowance`, in bytes). The
 * hook is a test instrument and the reserve a way out of a failure: together
 * they are the one piece of process-wide state in drsim.
 */
#include "sim/core/mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static atomic_ulong countdown;
static atomic_ulong attempts;
static atomic_int fired;
static atomic_size_t allowance;  /* bytes released from the reserve */
static void *reserve_block;      /* the reserve, or NULL */
static size_t reserve_size;

/* Whether an allocation of `size` bytes fails: the hook fires, and the
 * reserve's allowance does not cover it. */
static int should_fail(size_t size)
{
    unsigned long n = atomic_fetch_add(&attempts, 1) + 1;
    unsigned long limit = atomic_load(&countdown);
    if (limit == 0 || n < limit)
        return 0;
    atomic_store(&fired, 1);
    size_t left = atomic_load(&allowance);
    while (left >= size)
        if (atomic_compare_exchange_weak(&allowance, &left, left - size))
            return 0;
    return 1;
}

void *mem_malloc(size_t size)
{
    return should_fail(size) ? NULL : malloc(size ? size : 1);
}

void *mem_calloc(size_t count, size_t size)
{
    if (should_fail(size != 0 && count > SIZE_MAX / size ? SIZE_MAX : count * size))
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *mem_realloc(void *ptr, size_t size)
{
    return should_fail(size) ? NULL : realloc(ptr, size ? size : 1);
}

void mem_reserve(size_t bytes)
{
    if (reserve_block != NULL)
        return;
    reserve_block = malloc(bytes ? bytes : 1);
    reserve_size = reserve_block != NULL ? bytes : 0;
}

void mem_reserve_release(void)
{
    if (reserve_block == NULL)
        return;
    free(reserve_block);
    reserve_block = NULL;
    atomic_fetch_add(&allowance, reserve_size);
    reserve_size = 0;
}

void mem_reserve_free(void)
{
    free(reserve_block);
    reserve_block = NULL;
    reserve_size = 0;
    atomic_store(&allowance, 0);
}

void mem_free(void *ptr)
{
    free(ptr);
}

char *mem_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *copy = mem_malloc(len + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

void mem_free_const(const void *ptr)
{
    /* The one place a const qualifier is dropped: through an integer, so the
     * intent is stated rather than hidden in a cast at each caller. */
    mem_free((void *)(uintptr_t)ptr);
}

char *mem_strdup(const char *s)
{
    return mem_strndup(s, SIZE_MAX);
}

int mem_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elem)
        return -1;
    void *p = mem_realloc(*items, ncap * elem);
    if (p == NULL)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

void mem_fail_after(unsigned long n)
{
    atomic_store(&attempts, 0);
    atomic_store(&fired, 0);
    atomic_store(&allowance, 0);
    atomic_store(&countdown, n);
}

void mem_fail_reset(void)
{
    mem_fail_after(0);
}

unsigned long mem_allocations(void)
{
    return atomic_load(&attempts);
}

int mem_failed(void)
{
    return atomic_load(&fired);
}
