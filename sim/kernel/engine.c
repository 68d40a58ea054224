/*
 * engine.c — clock, pooled event records, and a 4-ary min-heap.
 *
 * Layout:
 *   heap[]  an implicit 4-ary min-heap of entries (time, seq, slot), ordered by
 *           (time, seq). seq is a per-engine counter that grows with every
 *           scheduling, so equal times pop in scheduling order (FIFO).
 *   slots[] the pool of event records (handler, context, seq). Free records
 *           form a LIFO list through `next_free`, so the record a handler's own
 *           event just released is the one its next scheduling reuses.
 *
 * Invariants:
 *   - A heap entry is live iff slots[entry.slot].seq == entry.seq; otherwise it
 *     was cancelled (lazy deletion) and is skipped when it reaches the top.
 *   - A free slot has seq == 0; seq numbers start at 1, so no live entry can
 *     match a free slot, and a reused slot gets a new seq, so stale entries
 *     pointing at it never match either.
 *   - heap_len == live + dead. When dead entries outnumber live ones the heap is
 *     compacted (filtered and re-heapified in O(n)), so cancelling stays O(1)
 *     amortised and memory stays within twice the live events.
 *   - Arrays only grow (doubling); a steady-state run never allocates.
 */
#include "sim/kernel/engine.h"

#include <assert.h>
#include <stddef.h>

#include "sim/core/mem.h"

#define ARITY 4
#define COMPACT_MIN_DEAD 256

typedef struct heap_entry {
    sim_time time;
    uint64_t seq;
    uint32_t slot;
    uint32_t unused;
} heap_entry;

typedef struct slot {
    uint64_t seq;
    sim_handler handler;
    void *ctx;
    uint32_t next_free;
} slot;

#define NO_SLOT UINT32_MAX

struct sim_engine {
    sim_time now; /* first: sim_now in engine.h reads it */
    uint64_t next_seq;
    uint64_t executed;
    heap_entry *heap;
    size_t heap_len, heap_cap;
    slot *slots;
    size_t slots_len, slots_cap;
    uint32_t free_head;
    size_t live, dead;
    bool stopped;
    sim_hook hook;     /* after every event, or NULL */
    void *hook_ctx;
    uint64_t max_events;
    size_t max_pending;
};

static_assert(offsetof(struct sim_engine, now) == 0, "sim_now reads the first member");

static inline bool entry_before(const heap_entry *a, const heap_entry *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static inline void sift_up(heap_entry *heap, size_t i, heap_entry e)
{
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (!entry_before(&e, &heap[parent]))
            break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = e;
}

static inline void sift_down(heap_entry *heap, size_t len, size_t i, heap_entry e)
{
    for (;;) {
        size_t first = ARITY * i + 1;
        if (first >= len)
            break;
        size_t best = first;
        size_t end = first + ARITY < len ? first + ARITY : len;
        for (size_t k = first + 1; k < end; k++)
            if (entry_before(&heap[k], &heap[best]))
                best = k;
        if (!entry_before(&heap[best], &e))
            break;
        heap[i] = heap[best];
        i = best;
    }
    heap[i] = e;
}

/* Removes the top entry. Bottom-up ("Floyd") variant: walk the hole down along
 * the smallest children to a leaf without comparing against the moved last
 * entry, then sift that entry up from the leaf. It does fewer comparisons than
 * the textbook sift-down because the last entry usually belongs near a leaf. */
static inline __attribute__((always_inline)) void heap_pop(sim_engine *e)
{
    heap_entry *heap = e->heap;
    size_t len = --e->heap_len;
    if (len == 0)
        return;
    heap_entry last = heap[len];
    size_t i = 0;
    for (;;) {
        size_t first = ARITY * i + 1;
        size_t best;
        if (first + ARITY <= len) {
            size_t b0 = first + (size_t)entry_before(&heap[first + 1], &heap[first]);
            size_t b1 = first + 2 + (size_t)entry_before(&heap[first + 3], &heap[first + 2]);
            best = entry_before(&heap[b1], &heap[b0]) ? b1 : b0;
        } else if (first < len) {
            best = first;
            for (size_t k = first + 1; k < len; k++)
                if (entry_before(&heap[k], &heap[best]))
                    best = k;
        } else {
            break;
        }
        heap[i] = heap[best];
        i = best;
    }
    sift_up(heap, i, last);
}

/* Drops cancelled entries and rebuilds the heap bottom-up. O(heap_len). */
static void compact(sim_engine *e)
{
    size_t kept = 0;
    for (size_t i = 0; i < e->heap_len; i++) {
        heap_entry h = e->heap[i];
        if (e->slots[h.slot].seq == h.seq)
            e->heap[kept++] = h;
    }
    e->heap_len = kept;
    e->dead = 0;
    if (kept > 1)
        for (size_t i = (kept - 2) / ARITY + 1; i-- > 0;)
            sift_down(e->heap, kept, i, e->heap[i]);
}

sim_engine *sim_create(void)
{
    sim_engine *e = mem_calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    e->free_head = NO_SLOT;
    e->next_seq = 1;
    return e;
}

void sim_destroy(sim_engine *engine)
{
    if (engine == NULL)
        return;
    mem_free(engine->heap);
    mem_free(engine->slots);
    mem_free(engine);
}

void sim_reset(sim_engine *e)
{
    e->now = 0;
    e->next_seq = 1;
    e->executed = 0;
    e->heap_len = 0;
    e->live = e->dead = 0;
    e->stopped = false;
    /* Rebuild the free list in index order so a reset engine hands out slots
     * exactly as a fresh one would. */
    e->free_head = NO_SLOT;
    for (size_t i = e->slots_len; i-- > 0;) {
        e->slots[i].seq = 0;
        e->slots[i].next_free = e->free_head;
        e->free_head = (uint32_t)i;
    }
}

static err_code grow_pools(sim_engine *e)
{
    if (e->heap_len == e->heap_cap &&
        mem_grow((void **)&e->heap, &e->heap_cap, e->heap_len + 1, sizeof *e->heap) != 0)
        return ERR_NOMEM;
    if (e->free_head == NO_SLOT) {
        if (e->slots_len >= NO_SLOT)
            return ERR_LIMIT;
        if (e->slots_len == e->slots_cap &&
            mem_grow((void **)&e->slots, &e->slots_cap, e->slots_len + 1, sizeof *e->slots) != 0)
            return ERR_NOMEM;
        e->slots[e->slots_len].seq = 0;
        e->slots[e->slots_len].next_free = NO_SLOT;
        e->free_head = (uint32_t)e->slots_len++;
    }
    return ERR_OK;
}

/* The common body of sim_at and sim_after, inlined into both. The rare work
 * (limits, compaction, growth) sits behind one well-predicted branch. */
static inline __attribute__((always_inline)) err_code schedule(sim_engine *e, sim_time at, sim_handler handler, void *ctx,
                                sim_event *out)
{
    if (e->free_head == NO_SLOT || e->heap_len == e->heap_cap || e->dead > COMPACT_MIN_DEAD ||
        e->max_pending != 0) {
        if (e->max_pending != 0 && e->live >= e->max_pending)
            return ERR_LIMIT;
        if (e->dead > COMPACT_MIN_DEAD && e->dead > e->live)
            compact(e);
        if (e->heap_len == e->heap_cap || e->free_head == NO_SLOT) {
            err_code rc = grow_pools(e);
            if (rc != ERR_OK)
                return rc;
        }
    }
    uint32_t index = e->free_head;
    slot *s = &e->slots[index];
    e->free_head = s->next_free;
    uint64_t seq = e->next_seq++;
    s->seq = seq;
    s->handler = handler;
    s->ctx = ctx;
    sift_up(e->heap, e->heap_len++, (heap_entry){at, seq, index, 0});
    e->live++;
    if (out != NULL)
        *out = (sim_event){seq, index};
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
    sim_time at = delay > SIM_NEVER - e->now ? SIM_NEVER : e->now + delay;
    return schedule(e, at, handler, ctx, out);
}

static inline void release_slot(sim_engine *e, uint32_t index)
{
    slot *s = &e->slots[index];
    s->seq = 0;
    s->next_free = e->free_head;
    e->free_head = index;
    e->live--;
}

bool sim_pending_event(const sim_engine *e, sim_event ev)
{
    return ev.seq != 0 && ev.slot < e->slots_len && e->slots[ev.slot].seq == ev.seq;
}

bool sim_cancel(sim_engine *e, sim_event *ev)
{
    bool pending = sim_pending_event(e, *ev);
    if (pending) {
        release_slot(e, ev->slot);
        e->dead++;
    }
    *ev = SIM_EVENT_NONE;
    return pending;
}

err_code sim_run_until(sim_engine *e, sim_time end)
{
    e->stopped = false;
    while (e->heap_len > 0) {
        heap_entry top = e->heap[0];
        if (top.time > end)
            break;
        slot *s = &e->slots[top.slot];
        bool live = s->seq == top.seq;
        if (live && e->max_events != 0 && e->executed >= e->max_events) {
            e->stopped = true;
            return ERR_LIMIT;
        }
        heap_pop(e);
        if (!live) {
            e->dead--;
            continue;
        }
        sim_handler handler = s->handler;
        void *ctx = s->ctx;
        release_slot(e, top.slot);
        e->now = top.time;
        e->executed++;
        handler(e, ctx);
        if (e->hook != NULL)
            e->hook(e, e->hook_ctx);
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
    e->max_pending = max_pending;
}
