/*
 * engine.c — clock, pooled event records, and a cache-aligned 4-ary min-heap
 * of 16-byte entries.
 *
 * Layout:
 *   heap[]  an implicit 4-ary min-heap of entries, each one unsigned 128-bit
 *           number: time << 64 | key, with key = order << SLOT_BITS | slot.
 *           `order` grows with every scheduling, so comparing two entries as
 *           numbers orders them by time, then by scheduling (FIFO ties) —
 *           one compare-and-subtract, no branch. `slot` says where the
 *           event's record lives. The array is placed so that the four
 *           children of every node fill one 64-byte cache line.
 *   slots[] the pool of event records (key, seq, handler, context). Records
 *           released form a LIFO list, so the record an event just released
 *           is the next one taken (it is in cache); when the list is empty
 *           the next never-used record (`fresh`) is taken. So a reset engine
 *           (list emptied, fresh back to 0) hands out records exactly as a
 *           new one, and records at or past `fresh` are never read.
 *
 * Invariants:
 *   - A heap entry is live iff slots[slot].key == its key; otherwise it was
 *     cancelled (lazy deletion) and is dropped when it reaches the top. A
 *     free slot has key 0, which no entry has (orders start at 1), and a
 *     reused slot gets a new order, so stale entries never match it.
 *   - Handles are (seq, slot) with seq a 64-bit scheduling number, never
 *     repeated between resets; a slot that holds no pending event has seq 0.
 *     Orders are kept apart from seqs because orders are renumbered (below)
 *     and handles must survive that.
 *   - While a handler runs, heap[0] is still its event's entry and the
 *     event's slot is reserved (`running`), though the event is no longer
 *     pending (key and seq 0). The first event the handler (or the hook)
 *     schedules takes both over: it is written into the root and sifted down
 *     once, instead of a delete-min followed by an insert — the hold model's
 *     pattern, and most handlers'. An unused reservation is released (the
 *     entry popped) after the hook. The shape of the heap never decides the
 *     order of events: (time, key) is a total order.
 *   - heap_len == live + dead (+ 1 while a reservation is held). When dead
 *     entries outnumber live ones, cancelling compacts the heap (filtered and
 *     re-heapified in O(n)), so cancelling stays O(1) amortised and memory
 *     stays within twice the live events.
 *   - heap and slots have the same capacity `cap`, and every slot below
 *     `fresh` is in use, reserved or on the free list: as heap_len counts
 *     every slot in use or reserved, heap_len < cap guarantees a slot to take,
 *     and scheduling checks one bound on its fast path (heap_len < fast_len,
 *     which folds in max_pending).
 *   - Orders have ENGINE_ORDER_BITS (36) bits. When they run out (2^36
 *     schedulings without a reset), the pending entries are renumbered
 *     1..n in their present order, which changes no relative order.
 *   - Arrays only grow (doubling); a steady-state run never allocates.
 *
 * Performance notes (tests/bench/bench_engine.c measures them): the walk
 * from the root picks the smallest child without branches (which child wins
 * is a coin toss), but the test of where the new entry goes is a branch,
 * because it depends on the handler's arithmetic: a predicted branch lets
 * the processor run ahead into the next event, a data dependency would make
 * it wait. Above PREFETCH_MIN entries the heap and the pool no longer fit in
 * the nearer caches: the walk prefetches the next level but one, and the
 * record of the event that runs next is prefetched as soon as it is known.
 */
#include "sim/kernel/engine.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "sim/core/mem.h"

#define ARITY 4
#define COMPACT_MIN_DEAD 256
#define FIRST_CAP 64
#define LINE 64
#define PREFETCH_MIN 4096

/* A test may shrink the order space to reach renumbering quickly. */
#ifndef ENGINE_ORDER_BITS
#define ENGINE_ORDER_BITS 36
#endif
#define SLOT_BITS (64 - ENGINE_ORDER_BITS)
#define SLOT_MASK ((UINT64_C(1) << SLOT_BITS) - 1)
#define ORDER_ONE (UINT64_C(1) << SLOT_BITS)
#define ORDER_END (UINT64_C(1) << ENGINE_ORDER_BITS)
/* Slot indices are uint32_t in handles, and NO_SLOT is not one. */
#define NO_SLOT UINT32_MAX
#define MAX_SLOTS (SLOT_MASK < NO_SLOT ? (size_t)SLOT_MASK : (size_t)NO_SLOT - 1)

typedef unsigned __int128 heap_entry; /* time << 64 | key; time >= 0 */

static inline heap_entry entry(sim_time t, uint64_t key)
{
    return (heap_entry)(uint64_t)t << 64 | key;
}

static inline sim_time entry_time(heap_entry x)
{
    return (sim_time)(uint64_t)(x >> 64);
}

static inline uint64_t entry_key(heap_entry x)
{
    return (uint64_t)x;
}

static inline uint32_t key_slot(uint64_t key)
{
    return (uint32_t)(key & SLOT_MASK);
}

typedef struct slot {
    uint64_t key; /* the pending event's heap key; 0 when not pending */
    uint64_t seq; /* the pending event's handle number; 0 when not pending */
    sim_handler handler;
    union {
        void *ctx;
        uint32_t next_free; /* while on the free list */
    } u;
} slot;

struct sim_engine {
    sim_time now; /* first: sim_now in engine.h reads it */
    heap_entry *heap;
    slot *slots;
    size_t heap_len;
    size_t fast_len;   /* min(cap, max_pending when set) */
    size_t live_cap;   /* max_pending, or SIZE_MAX */
    uint64_t next_key; /* the next order << SLOT_BITS; 0 when orders ran out */
    uint64_t next_seq;
    uint32_t free_head; /* the released records, or NO_SLOT */
    uint32_t fresh;     /* records from here to cap were never used */
    uint32_t running;  /* the running event's reserved slot, or NO_SLOT */
    size_t live, dead;
    uint64_t executed;
    uint64_t event_limit; /* max_events, or UINT64_MAX */
    sim_hook hook;        /* after every event, or NULL */
    void *hook_ctx;
    bool stopped;
    size_t cap;
    void *heap_block; /* the allocation heap was placed in */
    uint64_t max_events;
    size_t max_pending;
};

static_assert(offsetof(struct sim_engine, now) == 0, "sim_now reads the first member");
static_assert(sizeof(heap_entry) * ARITY == LINE, "a node's children fill one cache line");

#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE bool before(const heap_entry *a, const heap_entry *b)
{
    return *a < *b;
}

ALWAYS_INLINE void sift_up(heap_entry *heap, size_t i, heap_entry e)
{
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (!(e < heap[parent]))
            break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = e;
}

/* The smallest of the four children starting at `first`, by index
 * arithmetic. */
ALWAYS_INLINE size_t best_child(const heap_entry *heap, size_t first)
{
    size_t b0 = first + (size_t)before(&heap[first + 1], &heap[first]);
    size_t b1 = first + 2 + (size_t)before(&heap[first + 3], &heap[first + 2]);
    return b0 + (b1 - b0) * (size_t)before(&heap[b1], &heap[b0]);
}

/* The smallest child of i when i has fewer than four (first < len). */
ALWAYS_INLINE size_t best_of_last(const heap_entry *heap, size_t first, size_t len)
{
    size_t best = first;
    for (size_t k = first + 1; k < len; k++)
        best += (k - best) * (size_t)before(&heap[k], &heap[best]);
    return best;
}

/* Moves the hole at i down to a leaf, promoting the smallest child at every
 * level, and returns the leaf: bottom-up ("Floyd") delete-min, with no
 * compare against the entry that will fill the hole, which belongs near a
 * leaf. */
ALWAYS_INLINE size_t hole_to_leaf(heap_entry *heap, size_t len, size_t i, const bool prefetch)
{
    for (;;) {
        size_t first = ARITY * i + 1;
        size_t best;
        if (first + ARITY <= len) {
            if (prefetch) {
                /* The grandchildren: four consecutive lines, one of which
                 * the next level reads. */
                const heap_entry *g = &heap[ARITY * first + 1];
                for (size_t l = 0; l < ARITY; l++)
                    __builtin_prefetch(g + l * ARITY);
            }
            best = best_child(heap, first);
        } else if (first < len) {
            best = best_of_last(heap, first, len);
        } else {
            return i;
        }
        heap[i] = heap[best];
        i = best;
    }
}

/* heap[0..len) has a hole at the root: puts n in the heap. The first level
 * is textbook (n stays at the root when it is the smallest: an event
 * scheduled soon), the rest bottom-up. */
ALWAYS_INLINE void fill_root(sim_engine *e, size_t len, heap_entry n)
{
    heap_entry *heap = e->heap;
    size_t b;
    if (len > ARITY) {
        b = best_child(heap, 1);
    } else if (len > 1) {
        b = best_of_last(heap, 1, len);
    } else {
        heap[0] = n;
        return;
    }
    if (!before(&heap[b], &n)) {
        heap[0] = n;
        return;
    }
    heap[0] = heap[b];
    size_t leaf;
    if (len > PREFETCH_MIN) {
        /* heap[0] runs next, unless something sooner is scheduled first. */
        __builtin_prefetch(&e->slots[key_slot(entry_key(heap[0]))]);
        leaf = hole_to_leaf(heap, len, b, true);
    } else {
        leaf = hole_to_leaf(heap, len, b, false);
    }
    sift_up(heap, leaf, n);
}

ALWAYS_INLINE void heap_pop(sim_engine *e)
{
    size_t len = --e->heap_len;
    if (len > 0)
        fill_root(e, len, e->heap[len]);
}

/* Textbook sift-down, for building a heap in place. */
static void sift_down(heap_entry *heap, size_t len, size_t i, heap_entry e)
{
    for (;;) {
        size_t first = ARITY * i + 1;
        if (first >= len)
            break;
        size_t best =
            first + ARITY <= len ? best_child(heap, first) : best_of_last(heap, first, len);
        if (!before(&heap[best], &e))
            break;
        heap[i] = heap[best];
        i = best;
    }
    heap[i] = e;
}

static void heapify(heap_entry *heap, size_t len)
{
    if (len > 1)
        for (size_t i = (len - 2) / ARITY + 1; i-- > 0;)
            sift_down(heap, len, i, heap[i]);
}

static void set_fast_len(sim_engine *e)
{
    e->fast_len = e->max_pending != 0 && e->max_pending < e->cap ? e->max_pending : e->cap;
}

static inline void free_slot(sim_engine *e, uint32_t index)
{
    slot *s = &e->slots[index];
    s->key = 0;
    s->seq = 0;
    s->u.next_free = e->free_head;
    e->free_head = index;
}

/* Gives up the running event's reservation: its entry becomes an ordinary
 * dead one. */
static void release_running(sim_engine *e)
{
    if (e->running != NO_SLOT) {
        free_slot(e, e->running);
        e->running = NO_SLOT;
        e->dead++;
    }
}

/* Drops dead entries and rebuilds the heap. O(heap_len). */
static void compact(sim_engine *e)
{
    release_running(e);
    size_t kept = 0;
    for (size_t i = 0; i < e->heap_len; i++) {
        heap_entry h = e->heap[i];
        if (e->slots[key_slot(entry_key(h))].key == entry_key(h))
            e->heap[kept++] = h;
    }
    e->heap_len = kept;
    e->dead = 0;
    heapify(e->heap, kept);
}

/* Heapsort by key alone: in place, no allocation. */
static void sift_key(heap_entry *a, size_t n, size_t j)
{
    heap_entry x = a[j];
    for (size_t c; (c = 2 * j + 1) < n; j = c) {
        if (c + 1 < n && entry_key(a[c + 1]) > entry_key(a[c]))
            c++;
        if (entry_key(a[c]) <= entry_key(x))
            break;
        a[j] = a[c];
    }
    a[j] = x;
}

static void sort_by_key(heap_entry *a, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_key(a, n, i);
    for (size_t end = n; end-- > 1;) {
        heap_entry x = a[end];
        a[end] = a[0];
        a[0] = x;
        sift_key(a, end, 0);
    }
}

/* The orders ran out: gives the pending entries orders 1..n in their present
 * order. O(n log n), once per 2^36 schedulings. Leaves next_key 0
 * when even that leaves no order free (only with a tiny test order space). */
static void renumber(sim_engine *e)
{
    compact(e);
    if ((uint64_t)e->heap_len + 1 >= ORDER_END)
        return;
    sort_by_key(e->heap, e->heap_len);
    for (size_t i = 0; i < e->heap_len; i++) {
        uint32_t index = key_slot(entry_key(e->heap[i]));
        uint64_t key = (uint64_t)(i + 1) * ORDER_ONE | index;
        e->heap[i] = entry(entry_time(e->heap[i]), key);
        e->slots[index].key = key;
    }
    e->next_key = (uint64_t)(e->heap_len + 1) * ORDER_ONE;
    heapify(e->heap, e->heap_len);
}

sim_engine *sim_create(void)
{
    sim_engine *e = mem_calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    e->free_head = NO_SLOT;
    e->running = NO_SLOT;
    e->next_seq = 1;
    e->next_key = ORDER_ONE;
    e->event_limit = UINT64_MAX;
    e->live_cap = SIZE_MAX;
    return e;
}

void sim_destroy(sim_engine *engine)
{
    if (engine == NULL)
        return;
    mem_free(engine->heap_block);
    mem_free(engine->slots);
    mem_free(engine);
}

void sim_reset(sim_engine *e)
{
    e->now = 0;
    e->next_seq = 1;
    e->next_key = ORDER_ONE;
    e->executed = 0;
    e->heap_len = 0;
    e->live = e->dead = 0;
    e->stopped = false;
    e->running = NO_SLOT;
    e->free_head = NO_SLOT;
    e->fresh = 0;
}

/* Doubles heap and slots together. The heap moves to a new block, placed so
 * that heap + 1 is line-aligned (realloc could not keep that placement). */
static err_code grow(sim_engine *e)
{
    size_t ncap = e->cap ? 2 * e->cap : FIRST_CAP;
    if (ncap > MAX_SLOTS)
        ncap = MAX_SLOTS;
    if (ncap <= e->cap)
        return ERR_LIMIT;
    slot *slots = mem_realloc(e->slots, ncap * sizeof *slots);
    if (slots == NULL)
        return ERR_NOMEM;
    e->slots = slots; /* bigger, but cap stays until the heap has grown too */
    void *block = mem_malloc(ncap * sizeof(heap_entry) + LINE);
    if (block == NULL)
        return ERR_NOMEM;
    uintptr_t line = ((uintptr_t)block + sizeof(heap_entry) + LINE - 1) & ~(uintptr_t)(LINE - 1);
    heap_entry *heap = (heap_entry *)line - 1;
    if (e->heap_len > 0)
        memcpy(heap, e->heap, e->heap_len * sizeof *heap);
    mem_free(e->heap_block);
    e->heap_block = block;
    e->heap = heap;
    e->cap = ncap;
    set_fast_len(e);
    return ERR_OK;
}

/* The rare half of scheduling: the pending limit, growth, renumbering. */
static err_code make_room(sim_engine *e)
{
    if (e->live >= e->live_cap)
        return ERR_LIMIT;
    if (e->next_key == 0) {
        renumber(e);
        if (e->next_key == 0)
            return ERR_LIMIT;
    }
    if (e->heap_len >= e->cap) {
        if (e->cap < MAX_SLOTS || e->dead == 0)
            return grow(e);
        compact(e); /* at the most slots there are: make room from dead entries */
    }
    return ERR_OK;
}

/* The common body of sim_at and sim_after, inlined into both. The first
 * event a handler schedules takes over the running event's slot and heap
 * entry; any other takes a free slot and is pushed. The rare work sits
 * behind one well-predicted branch. */
ALWAYS_INLINE err_code schedule(sim_engine *e, sim_time at, sim_handler handler, void *ctx,
                                sim_event *out)
{
    uint32_t index = e->running;
    bool replace = index != NO_SLOT && e->next_key != 0 && e->live < e->live_cap;
    if (replace) {
        e->running = NO_SLOT;
    } else {
        if (__builtin_expect(e->heap_len >= e->fast_len || e->next_key == 0, 0)) {
            err_code rc = make_room(e);
            if (rc != ERR_OK)
                return rc;
        }
        index = e->free_head;
        if (index != NO_SLOT)
            e->free_head = e->slots[index].u.next_free;
        else
            index = e->fresh++;
    }
    slot *s = &e->slots[index];
    uint64_t key = e->next_key | index;
    e->next_key += ORDER_ONE;
    uint64_t seq = e->next_seq++;
    s->key = key;
    s->seq = seq;
    s->handler = handler;
    s->u.ctx = ctx;
    e->live++;
    if (out != NULL)
        *out = (sim_event){seq, index};
    if (replace)
        fill_root(e, e->heap_len, entry(at, key));
    else
        sift_up(e->heap, e->heap_len++, entry(at, key));
    return ERR_OK;
}

err_code sim_at(sim_engine *e, sim_time at, sim_handler handler, void *ctx, sim_event *out)
{
    assert(handler != NULL);
    assert(at >= e->now);
    if (at < e->now)
        at = e->now;
    return schedule(e, at, handler, ctx, out);
}

err_code sim_after(sim_engine *e, sim_time delay, sim_handler handler, void *ctx, sim_event *out)
{
    assert(handler != NULL);
    assert(delay >= 0);
    if (delay < 0)
        delay = 0;
    sim_time at;
    if (__builtin_add_overflow(e->now, delay, &at))
        at = SIM_NEVER;
    return schedule(e, at, handler, ctx, out);
}

bool sim_pending_event(const sim_engine *e, sim_event ev)
{
    return ev.seq != 0 && ev.slot < e->fresh && e->slots[ev.slot].seq == ev.seq;
}

bool sim_cancel(sim_engine *e, sim_event *ev)
{
    bool pending = sim_pending_event(e, *ev);
    if (pending) {
        free_slot(e, ev->slot);
        e->live--;
        e->dead++;
        if (e->dead > COMPACT_MIN_DEAD && e->dead > e->live)
            compact(e);
    }
    *ev = SIM_EVENT_NONE;
    return pending;
}

err_code sim_run_until(sim_engine *e, sim_time end)
{
    e->stopped = false;
    release_running(e); /* called from a handler: the heap must be whole */
    while (e->heap_len > 0) {
        heap_entry top = e->heap[0];
        if (entry_time(top) > end)
            break;
        uint32_t index = key_slot(entry_key(top));
        slot *s = &e->slots[index];
        if (s->key != entry_key(top)) {
            heap_pop(e);
            e->dead--;
            continue;
        }
        if (e->executed >= e->event_limit) {
            e->stopped = true;
            return ERR_LIMIT;
        }
        /* No longer pending (its handle names nothing), but its slot and
         * entry stay reserved for what its handler schedules. */
        s->key = 0;
        s->seq = 0;
        e->live--;
        e->running = index;
        e->now = entry_time(top);
        e->executed++;
        s->handler(e, s->u.ctx);
        if (e->hook != NULL)
            e->hook(e, e->hook_ctx);
        if (e->running != NO_SLOT) {
            free_slot(e, e->running);
            e->running = NO_SLOT;
            heap_pop(e);
        }
        if (e->stopped)
            return ERR_OK;
    }
    if (end != SIM_NEVER && end > e->now)
        e->now = end;
    return ERR_OK;
}

err_code sim_run(sim_engine *e)
{
    return sim_run_until(e, SIM_NEVER);
}

void sim_stop(sim_engine *e)
{
    e->stopped = true;
}

size_t sim_pending(const sim_engine *e)
{
    return e->live;
}

uint64_t sim_executed(const sim_engine *e)
{
    return e->executed;
}

void sim_on_event(sim_engine *e, sim_hook fn, void *ctx)
{
    e->hook = fn;
    e->hook_ctx = ctx;
}

void sim_set_limits(sim_engine *e, uint64_t max_events, size_t max_pending)
{
    e->max_events = max_events;
    e->event_limit = max_events != 0 ? max_events : UINT64_MAX;
    e->max_pending = max_pending;
    e->live_cap = max_pending != 0 ? max_pending : SIZE_MAX;
    set_fast_len(e);
}
