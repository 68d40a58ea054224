/*
 * writes.c — the lazily refined write-process tree (see writes.h for why it
 * is exact).
 *
 * Invariants:
 *   - nodes[0] is the root, covering (0, span] where span is the smallest
 *     power of two >= end: every split by time then halves an interval of
 *     even length, so a Poisson node's count splits as Binomial(n, 1/2).
 *     Writes after `end` exist in the tree but no query looks at them.
 *   - A node's children, once made, cover its interval exactly and their
 *     counts and bytes add up to its own.
 *   - A node covering one microsecond (b - a == 1) with several writes is
 *     split by order instead of by time ("by_index"): its writes share the
 *     instant b, the left child holding the earlier ones.
 *   - A node with exactly one write knows (or can compute) that write's
 *     instant `pos`; a split hands it to the child that contains it, so the
 *     instant never changes once drawn.
 *   - Every random draw of a node comes from that node's own stream, seeded
 *     from the stream's key and the node's path id; the root's count and bytes
 *     come from a separate stream (id ROOT_TOTALS).
 *   - Node indices, not pointers, are kept across splits (the pool moves when
 *     it grows).
 */
#include "models/world/writes.h"

#include <math.h>

#include "sim/core/mem.h"
#include "sim/kernel/rng.h"
#include "sim/kernel/variates.h"

#define ROOT_TOTALS 0
#define ROOT_ID 1
#define NO_CHILD (-1)

typedef struct node {
    sim_time a, b;    /* writes at instants in (a, b] */
    uint64_t n;
    double bytes;
    uint64_t id;      /* the node's path key */
    sim_time pos;     /* n == 1: the write's instant; -1 until drawn */
    int32_t left, right;
    bool by_index;    /* a clump at instant b (see above) */
} node;

typedef struct candidate {
    double bound;     /* upper bound of the backlog reached inside the node */
    double after;     /* bytes of writes after the node, up to the query time */
    int32_t index;
} candidate;

struct wr_stream {
    wr_params p;
    double shape;     /* per-write gamma shape; 0 = constant sizes */
    double scale;     /* gamma scale */
    double spacing;   /* regular: µs between writes */
    double phase;     /* regular: write k at 1 + floor(phase + k * spacing) */
    uint64_t key;     /* mixes (seed, trial, entity): nodes' streams derive from it */
    uint64_t seq;     /* the PCG stream selector of every node */
    sim_time end;
    node *nodes;
    size_t len, cap;
    candidate *heap;  /* scratch for wr_backlog_at */
    size_t heap_len, heap_cap;
    candidate *stack; /* scratch: frontier and refinement stack */
    size_t stack_len, stack_cap;
};

static rng node_rng(const wr_stream *s, uint64_t id)
{
    rng r;
    rng_seed(&r, rng_mix64(s->key ^ id), s->seq);
    return r;
}

static uint64_t child_id(uint64_t id, int side)
{
    return rng_mix64(id * 2 + (uint64_t)side);
}

/* Regular arrivals: how many writes have an instant <= x. */
static uint64_t regular_upto(const wr_stream *s, sim_time x)
{
    double k = ceil(((double)x - s->phase) / s->spacing);
    return k > 0 ? (uint64_t)k : 0;
}

static double total_bytes(const wr_stream *s, rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    if (s->shape == 0)
        return (double)n * s->p.size_mean;
    return vrt_gamma(r, (double)n * s->shape) * s->scale;
}

wr_stream *wr_create(void)
{
    wr_stream *s = mem_calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->cap = 64;
    s->nodes = mem_malloc(s->cap * sizeof *s->nodes);
    if (s->nodes == NULL) {
        mem_free(s);
        return NULL;
    }
    return s;
}

void wr_destroy(wr_stream *s)
{
    if (s == NULL)
        return;
    mem_free(s->nodes);
    mem_free(s->heap);
    mem_free(s->stack);
    mem_free(s);
}

void wr_reset(wr_stream *s, const wr_params *p, uint64_t seed, uint64_t trial, uint64_t entity,
              sim_time end)
{
    s->p = *p;
    rng base = rng_stream(seed, trial, entity);
    s->key = ((uint64_t)rng_u32(&base) << 32) | rng_u32(&base);
    s->seq = ((uint64_t)rng_u32(&base) << 32) | rng_u32(&base);
    s->end = end > 0 ? end : 0;
    sim_time span = 1;
    while (span < s->end)
        span *= 2;
    if (p->size_var > 0 && p->size_mean > 0) {
        s->shape = p->size_mean * p->size_mean / p->size_var;
        s->scale = p->size_var / p->size_mean;
    } else {
        s->shape = 0;
        s->scale = 0;
    }
    rng r = node_rng(s, ROOT_TOTALS);
    uint64_t n = 0;
    if (p->rate > 0 && s->end > 0) {
        if (p->regular) {
            s->spacing = 1e6 / p->rate;
            s->phase = rng_unit(&r) * s->spacing;
            n = regular_upto(s, span);
        } else {
            n = vrt_poisson(&r, p->rate * (double)span / 1e6);
        }
    }
    s->len = 1;
    s->nodes[0] = (node){0, span, n, total_bytes(s, &r, n), ROOT_ID, -1, NO_CHILD, NO_CHILD,
                         false};
}

size_t wr_nodes(const wr_stream *s)
{
    return s->len;
}

/* The instant of the single write of node i (n == 1). */
static sim_time node_pos(wr_stream *s, int32_t i)
{
    node *nd = &s->nodes[i];
    if (nd->pos >= 0)
        return nd->pos;
    if (nd->by_index) {
        nd->pos = nd->b;
    } else if (s->p.regular) {
        uint64_t k = regular_upto(s, nd->a);
        nd->pos = 1 + (sim_time)floor(s->phase + (double)k * s->spacing);
    } else {
        rng r = node_rng(s, nd->id);
        sim_time span = nd->b - nd->a;
        sim_time off = (sim_time)(rng_unit(&r) * (double)span);
        nd->pos = nd->a + 1 + (off < span ? off : span - 1);
    }
    return nd->pos;
}

/* Makes node i's children if it has none. Returns ERR_OK or ERR_NOMEM. */
static err_code split(wr_stream *s, int32_t i)
{
    if (s->nodes[i].left != NO_CHILD)
        return ERR_OK;
    if (s->len + 2 > s->cap &&
        mem_grow((void **)&s->nodes, &s->cap, s->len + 2, sizeof *s->nodes) != 0)
        return ERR_NOMEM;
    node parent = s->nodes[i];
    node left = {parent.a, parent.b, 0, 0, child_id(parent.id, 0), -1, NO_CHILD, NO_CHILD, false};
    node right = {parent.a, parent.b, 0, 0, child_id(parent.id, 1), -1, NO_CHILD, NO_CHILD, false};
    rng r = node_rng(s, parent.id);

    if (parent.n >= 2 && parent.b - parent.a == 1) {
        left.by_index = right.by_index = true;
        left.n = parent.n / 2;
    } else {
        sim_time mid = parent.a + (parent.b - parent.a) / 2;
        left.b = mid;
        right.a = mid;
        if (parent.n == 1) {
            sim_time pos = node_pos(s, i);
            left.n = pos <= mid ? 1 : 0;
            (pos <= mid ? &left : &right)->pos = pos;
        } else if (parent.n > 1) {
            if (s->p.regular)
                left.n = regular_upto(s, mid) - regular_upto(s, parent.a);
            else
                left.n = vrt_binomial_half(&r, parent.n); /* halves: see invariants */
        }
    }
    right.n = parent.n - left.n;
    if (left.n == 0) {
        right.bytes = parent.bytes;
    } else if (right.n == 0) {
        left.bytes = parent.bytes;
    } else if (s->shape == 0) {
        left.bytes = (double)left.n * s->p.size_mean;
        right.bytes = parent.bytes - left.bytes;
    } else {
        left.bytes = parent.bytes *
                     vrt_beta(&r, (double)left.n * s->shape, (double)right.n * s->shape);
        right.bytes = parent.bytes - left.bytes;
    }
    if (parent.by_index && parent.n == 1)
        left.pos = right.pos = parent.b;
    int32_t li = (int32_t)s->len, ri = li + 1;
    s->nodes[li] = left;
    s->nodes[ri] = right;
    s->nodes[i].left = li;
    s->nodes[i].right = ri;
    s->len += 2;
    return ERR_OK;
}

/* Writes in (0, x]. */
static err_code prefix(wr_stream *s, sim_time x, uint64_t *count, double *bytes)
{
    *count = 0;
    *bytes = 0;
    int32_t i = 0;
    for (;;) {
        const node *nd = &s->nodes[i];
        if (nd->n == 0 || x <= nd->a)
            return ERR_OK;
        if (x >= nd->b) {
            *count += nd->n;
            *bytes += nd->bytes;
            return ERR_OK;
        }
        err_code rc = split(s, i);
        if (rc != ERR_OK)
            return rc;
        const node *left = &s->nodes[s->nodes[i].left];
        if (x >= left->b) {
            *count += left->n;
            *bytes += left->bytes;
            i = s->nodes[i].right;
        } else {
            i = s->nodes[i].left;
        }
    }
}

err_code wr_count(wr_stream *s, sim_time from, sim_time to, uint64_t *count, double *bytes)
{
    if (to > s->end)
        to = s->end;
    if (from < 0)
        from = 0;
    if (to <= from) {
        *count = 0;
        *bytes = 0;
        return ERR_OK;
    }
    uint64_t c1, c0;
    double b1, b0;
    err_code rc = prefix(s, to, &c1, &b1);
    if (rc == ERR_OK)
        rc = prefix(s, from, &c0, &b0);
    if (rc != ERR_OK)
        return rc;
    *count = c1 - c0;
    *bytes = b1 - b0 > 0 ? b1 - b0 : 0;
    return ERR_OK;
}

/* The first write of node i after instant `from`, or SIM_NEVER. */
static err_code first_after(wr_stream *s, int32_t i, sim_time from, sim_time *out)
{
    *out = SIM_NEVER;
    const node *nd = &s->nodes[i];
    if (nd->n == 0 || nd->b <= from)
        return ERR_OK;
    if (nd->n == 1) {
        sim_time pos = node_pos(s, i);
        if (pos > from)
            *out = pos;
        return ERR_OK;
    }
    err_code rc = split(s, i);
    if (rc != ERR_OK)
        return rc;
    rc = first_after(s, s->nodes[i].left, from, out);
    if (rc != ERR_OK || *out != SIM_NEVER)
        return rc;
    return first_after(s, s->nodes[i].right, from, out);
}

err_code wr_next_after(wr_stream *s, sim_time from, sim_time *out)
{
    err_code rc = first_after(s, 0, from, out);
    if (rc == ERR_OK && *out > s->end)
        *out = SIM_NEVER;
    return rc;
}

static err_code push(candidate **items, size_t *len, size_t *cap, candidate c)
{
    if (*len == *cap && mem_grow((void **)items, cap, *len + 1, sizeof **items) != 0)
        return ERR_NOMEM;
    (*items)[(*len)++] = c;
    return ERR_OK;
}

static err_code heap_push(wr_stream *s, candidate c)
{
    err_code rc = push(&s->heap, &s->heap_len, &s->heap_cap, c);
    if (rc != ERR_OK)
        return rc;
    size_t i = s->heap_len - 1;
    while (i > 0 && s->heap[(i - 1) / 2].bound < c.bound) {
        s->heap[i] = s->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->heap[i] = c;
    return ERR_OK;
}

static candidate heap_pop(wr_stream *s)
{
    candidate top = s->heap[0];
    candidate last = s->heap[--s->heap_len];
    size_t i = 0, n = s->heap_len;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && s->heap[c + 1].bound > s->heap[c].bound)
            c++;
        if (s->heap[c].bound <= last.bound)
            break;
        s->heap[i] = s->heap[c];
        i = c;
    }
    if (n > 0)
        s->heap[i] = last;
    return top;
}

/* The backlog reached just after the writes of node nd, had the link been busy
 * since the node's earliest write: bytes after it plus its own bytes, minus
 * what the link ships from the node's end to `at`. An upper bound for any
 * write inside the node. */
static double bound_of(const node *nd, double after, double bandwidth, sim_time at)
{
    return after + nd->bytes - bandwidth * (double)(at - nd->b) / 1e6;
}

err_code wr_backlog_at(wr_stream *s, double bandwidth, sim_time at, wr_backlog *out)
{
    *out = (wr_backlog){at, 0, 0, 0};
    if (at > s->end)
        at = s->end;
    if (at <= 0 || s->nodes[0].n == 0)
        return ERR_OK;
    err_code rc;

    /* 1. Decompose (0, at] into whole nodes, earliest first. */
    s->stack_len = 0;
    int32_t i = 0;
    for (;;) {
        const node *nd = &s->nodes[i];
        if (at >= nd->b) {
            if ((rc = push(&s->stack, &s->stack_len, &s->stack_cap, (candidate){0, 0, i})))
                return rc;
            break;
        }
        if (nd->n == 0 || at <= nd->a)
            break;
        if ((rc = split(s, i)) != ERR_OK)
            return rc;
        int32_t li = s->nodes[i].left;
        if (at >= s->nodes[li].b) {
            if ((rc = push(&s->stack, &s->stack_len, &s->stack_cap, (candidate){0, 0, li})))
                return rc;
            i = s->nodes[i].right;
        } else {
            i = li;
        }
    }
    /* Bytes after each piece, up to `at`. */
    double after = 0;
    for (size_t k = s->stack_len; k-- > 0;) {
        s->stack[k].after = after;
        after += s->nodes[s->stack[k].index].bytes;
    }

    /* 2. The backlog at `at` is the largest, over writes w, of (bytes of writes
     *    from w to at) - bandwidth * (at - instant of w), or 0 (Lindley's
     *    recursion unrolled; the link is empty at time 0). Best-first branch
     *    and bound on the nodes' upper bounds. */
    double best = 0;
    s->heap_len = 0;
    for (size_t k = 0; k < s->stack_len; k++) {
        const node *nd = &s->nodes[s->stack[k].index];
        if (nd->n == 0)
            continue;
        candidate c = s->stack[k];
        c.bound = bound_of(nd, c.after, bandwidth, at);
        if ((rc = heap_push(s, c)) != ERR_OK)
            return rc;
    }
    while (s->heap_len > 0) {
        candidate c = heap_pop(s);
        if (c.bound <= best)
            break;
        if (s->nodes[c.index].n == 1) {
            sim_time pos = node_pos(s, c.index);
            double v = c.after + s->nodes[c.index].bytes - bandwidth * (double)(at - pos) / 1e6;
            if (v > best)
                best = v;
            continue;
        }
        if ((rc = split(s, c.index)) != ERR_OK)
            return rc;
        int32_t li = s->nodes[c.index].left, ri = s->nodes[c.index].right;
        double right_after = c.after, left_after = c.after + s->nodes[ri].bytes;
        if (s->nodes[ri].n > 0 &&
            (rc = heap_push(s, (candidate){bound_of(&s->nodes[ri], right_after, bandwidth, at),
                                           right_after, ri})) != ERR_OK)
            return rc;
        if (s->nodes[li].n > 0 &&
            (rc = heap_push(s, (candidate){bound_of(&s->nodes[li], left_after, bandwidth, at),
                                           left_after, li})) != ERR_OK)
            return rc;
    }
    if (best <= 0)
        return ERR_OK;
    out->work = best;

    /* 3. FIFO: a write is not fully shipped iff the bytes of the writes after
     *    it are fewer than the backlog. Those writes form a suffix; walk it
     *    from `at` backwards (the stack holds the pieces, latest on top). */
    int32_t earliest = NO_CHILD;
    while (s->stack_len > 0) {
        candidate c = s->stack[--s->stack_len];
        const node *nd = &s->nodes[c.index];
        if (nd->n == 0)
            continue;
        if (c.after >= best)
            break;
        if (c.after + nd->bytes <= best || nd->n == 1) {
            out->writes += nd->n;
            out->bytes += nd->bytes;
            earliest = c.index;
            continue;
        }
        if ((rc = split(s, c.index)) != ERR_OK)
            return rc;
        int32_t li = s->nodes[c.index].left, ri = s->nodes[c.index].right;
        /* Push left first so the right (later) child is handled first. */
        if ((rc = push(&s->stack, &s->stack_len, &s->stack_cap,
                       (candidate){0, c.after + s->nodes[ri].bytes, li})) != ERR_OK)
            return rc;
        if ((rc = push(&s->stack, &s->stack_len, &s->stack_cap, (candidate){0, c.after, ri})) !=
            ERR_OK)
            return rc;
    }
    if (earliest != NO_CHILD) {
        sim_time first;
        if ((rc = first_after(s, earliest, s->nodes[earliest].a - 1, &first)) != ERR_OK)
            return rc;
        out->oldest = first;
    }
    return ERR_OK;
}
