/*
 * arena.c — chunked bump allocation.
 *
 * Chunks grow geometrically from 4 KiB to 1 MiB; a request larger than the
 * chunk size gets a chunk of its own. Each chunk is one mem_malloc block with
 * its header in front.
 */
#include "sim/core/arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sim/core/mem.h"

struct arena_chunk {
    arena_chunk *next;
    alignas(max_align_t) unsigned char data[];
};

#define CHUNK_MIN 4096u
#define CHUNK_MAX (1024u * 1024u)

void arena_init(arena *a)
{
    a->head = NULL;
    a->used = a->cap = a->total = 0;
}

void arena_free(arena *a)
{
    if (a == NULL)
        return;
    arena_chunk *c = a->head;
    while (c != NULL) {
        arena_chunk *next = c->next;
        mem_free(c);
        c = next;
    }
    arena_init(a);
}

void *arena_alloc(arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    if (n > SIZE_MAX - align)
        return NULL;
    size_t need = (n + align - 1) / align * align;
    if (need == 0)
        need = align;
    if (a->head == NULL || a->cap - a->used < need) {
        size_t size = a->cap ? a->cap * 2 : CHUNK_MIN;
        if (size > CHUNK_MAX)
            size = CHUNK_MAX;
        if (size < need)
            size = need;
        if (size > SIZE_MAX - sizeof(arena_chunk))
            return NULL;
        arena_chunk *c = mem_malloc(sizeof(arena_chunk) + size);
        if (c == NULL)
            return NULL;
        if (a->head != NULL && size == need && a->cap - a->used >= CHUNK_MIN) {
            /* A big block on its own: keep filling the current chunk. */
            c->next = a->head->next;
            a->head->next = c;
            memset(c->data, 0, need);
            a->total += need;
            return c->data;
        }
        c->next = a->head;
        a->head = c;
        a->used = 0;
        a->cap = size;
    }
    void *p = a->head->data + a->used;
    a->used += need;
    a->total += need;
    memset(p, 0, need);
    return p;
}

void *arena_array(arena *a, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    return arena_alloc(a, count * size);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = arena_alloc(a, len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, SIZE_MAX);
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
