/*
 * arena.h — a bump allocator: many small allocations, one release.
 *
 * The scenario loader keeps everything a loaded scenario owns (the YAML node
 * tree, names, lists, empirical values) in one arena, so scn_free is a single
 * call and no partial structure can leak on an error path.
 *
 * Invariants: every block is zero-filled and aligned for any C object
 * (max_align_t); blocks live until arena_free. Chunks come from mem_malloc, so
 * the allocator's failure hook reaches arena allocations too.
 */
#ifndef DRSIM_ARENA_H
#define DRSIM_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head; /* the chunk being filled; older chunks follow */
    size_t used;       /* bytes used in head */
    size_t cap;        /* bytes available in head */
    size_t total;      /* bytes handed out, for limits and statistics */
} arena;

/* An empty arena (allocates nothing until the first block). */
void arena_init(arena *a);

/* Releases every block. Accepts NULL; the arena is empty afterwards. */
void arena_free(arena *a);

/* A zero-filled block of n bytes, or NULL when out of memory (the arena is
 * unchanged then). n = 0 gives a valid unique pointer. */
void *arena_alloc(arena *a, size_t n);

/* An array of count elements of size bytes, zero-filled; NULL on overflow or
 * out of memory. */
void *arena_array(arena *a, size_t count, size_t size);

/* Copies of strings (NUL-terminated); NULL when out of memory. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);

/* printf into the arena; NULL when out of memory. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
