/*
 * writes.c — the write process: the size law, the gamma tree, the explicit
 * past, and the grid of evenly spaced writes (writes.h says what each is for
 * and why each is exact).
 *
 * Invariants:
 *   Size law:
 *   - `gamma` laws are summed in closed form (the tree); the others are only
 *     ever drawn one write at a time (dist_sample), and size-biased by the
 *     law's own closed form or an exact rejection (law_biased).
 *   Tree (MODE_TREE):
 *   - nodes[0] is the root, covering (t0, t0 + span] where span is a power of
 *     two: every split by time then halves an interval of even length, so a
 *     Poisson node's count splits as Binomial(n, 1/2). t0 is 0, or -span/2 for
 *     a stationary stream of evenly spaced writes (its warm-up, at least 2^52
 *     µs). Writes after `end` exist in the tree but no query looks at them.
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
 *   Past (MODE_PAST; and in MODE_TREE the writes before 0 of a stationary
 *   Poisson stream):
 *   - The drawn writes are exactly those with instants (real, µs) in [L, R],
 *     held in chunks in time order; chunk i holds those in [lo_i, hi_i], and
 *     hi_i == lo_{i+1}. What lies before L is `left`: nothing (a stream that
 *     is not stationary has no writes before 0), free (the stationary Poisson
 *     past, unconditioned) or idle(b) (the past of an instant at which a link
 *     of bandwidth b is idle: W_b(L-) = 0). After R lies the free future:
 *     nothing drawn conditions it. MODE_TREE's past ends at R = 0 for good.
 *   - A chunk that is not HELD can be drawn again, identically, from its
 *     serial and bounds: its writes may be dropped (memory) and redrawn.
 *   - A backward chunk of a gamma law (the free past of MODE_TREE) is
 *     summed: its bounds, count and bytes come from its serial's stream
 *     (bwd_sum), its writes, when asked for, from another one keyed by the
 *     same serial (bwd_writes); the sum never depends on whether the writes
 *     were drawn, so counts over whole chunks never draw them.
 *   Grid (MODE_GRID):
 *   - Write k (every integer k; k >= 0 when not stationary) is at instant
 *     1 + floor(phase + k * spacing); its size is draw k mod GRID_BLOCK of
 *     the stream of block floor(k / GRID_BLOCK).
 */
#include "models/world/writes.h"

#include <math.h>
#include <string.h>

#include "sim/core/mem.h"
#include "sim/kernel/rng.h"
#include "sim/kernel/variates.h"

#define ROOT_TOTALS 0
#define ROOT_ID     1
#define NO_CHILD    (-1)

/* Streams of the past and of the grid: a tag mixed with a serial (node ids
 * are 64-bit mixes: a collision has probability 2^-64). */
#define TAG_PAST UINT64_C(0x7061737400000000) /* "past" */
#define TAG_GRID UINT64_C(0x6772696400000000) /* "grid" */
#define TAG_PAST_WRITES UINT64_C(0x7061737477000000) /* "pastw": a summed chunk's writes */

/* Evenly spaced gamma streams: the tree starts at least this far before 0. */
#define WARMUP_LOG2 52
/* Writes drawn per chunk of the past, and drawn writes kept before chunks
 * that can be redrawn are dropped. */
#define CHUNK_WRITES 4096
#define HELD_BUDGET  (1u << 20)
#define GRID_BLOCK   64
/* Grid: warm-up bounds cached per bandwidth, and the longest warm-up. */
#define GRID_WARM_CACHE       4
#define GRID_MAX_WARMUP       (UINT64_C(1) << 24)
#define GRID_UNBOUNDED_WARMUP (UINT64_C(1) << 20)

static const double two_pi = 6.283185307179586476925286766559;

/* ---- the size law ------------------------------------------------------------------ */

typedef struct law {
    bool gamma; /* Gamma(shape, scale); shape 0: every write `mean` bytes */
    double mean, shape, scale;
    const dist *d; /* !gamma */
    /* Empirical laws, size-biased: cumulative weights of the segments. */
    double *cum;
    size_t cap_cum;
    const double *cum_of; /* the values `cum` was built for (NULL: not built) */
    size_t cum_n;
    /* dist_mean of an empirical law is a pass over its values: kept. */
    const double *mean_of;
    size_t mean_n;
    double mean_cached;
} law;

static void law_set(law *l, const wr_params *p)
{
    const dist *d = p->size;
    l->d = NULL;
    l->gamma = true;
    if (d == NULL) {
        l->mean = p->size_mean;
        if (p->size_var > 0 && p->size_mean > 0) {
            l->shape = p->size_mean * p->size_mean / p->size_var;
            l->scale = p->size_var / p->size_mean;
        } else {
            l->shape = l->scale = 0;
        }
        return;
    }
    if (dist_is_const(d)) {
        l->mean = dist_min(d) > 0 ? dist_min(d) : 0;
        l->shape = l->scale = 0;
    } else if (d->kind == DIST_EXPONENTIAL || (d->kind == DIST_WEIBULL && d->a == 1)) {
        l->mean = d->kind == DIST_EXPONENTIAL ? d->a : d->b;
        l->shape = 1;
        l->scale = l->mean;
    } else {
        l->gamma = false;
        l->d = d;
        if (d->kind == DIST_EMPIRICAL) {
            if (l->mean_of != d->values || l->mean_n != d->n) {
                l->mean_cached = dist_mean(d);
                l->mean_of = d->values;
                l->mean_n = d->n;
            }
            l->mean = l->mean_cached;
        } else {
            l->mean = dist_mean(d);
        }
    }
}

static double law_draw(const law *l, rng *r)
{
    if (l->gamma)
        return l->shape == 0 ? l->mean : vrt_gamma(r, l->shape) * l->scale;
    double x;
    do /* sizes are never negative: a normal is truncated at 0 */
        x = dist_sample(l->d, r);
    while (x < 0);
    return x;
}

/* P(Z >= z) for a standard normal Z. */
static double normal_upper(double z)
{
    return 0.5 * erfc(z / sqrt(2.0));
}

/* A normal truncated to [lo, inf), lo <= 0: by rejection (acceptance >= 1/2). */
static double normal_above(rng *r, double lo)
{
    double z;
    do
        z = vrt_normal(r);
    while (z < lo);
    return z;
}

/* Size-biased draw: density x f(x) / E[X]. Exact for every kind. */
static err_code law_biased(law *l, rng *r, double *out)
{
    if (l->gamma) {
        *out = l->shape == 0 ? l->mean : vrt_gamma(r, l->shape + 1) * l->scale;
        return ERR_OK;
    }
    const dist *d = l->d;
    switch (d->kind) {
    case DIST_CONST: *out = d->a; return ERR_OK;
    case DIST_UNIFORM: {
        double a = d->a > 0 ? d->a : 0, b = d->b;
        *out = sqrt(a * a + rng_unit(r) * (b * b - a * a));
        return ERR_OK;
    }
    case DIST_EXPONENTIAL: *out = vrt_gamma(r, 2) * d->a; return ERR_OK;
    case DIST_LOGNORMAL: *out = exp(d->a + d->b * d->b + d->b * vrt_normal(r)); return ERR_OK;
    case DIST_WEIBULL:
        /* (X / scale)^shape is Gamma(1 + 1/shape) under size-biasing. */
        *out = d->b * pow(vrt_gamma(r, 1 + 1 / d->a), 1 / d->a);
        return ERR_OK;
    case DIST_NORMAL: {
        /* x phi((x - m) / s) on x >= 0, i.e. (m + s z) phi(z) on z >= -m/s:
         * propose from m phi(z) on z >= -m/s plus s z phi(z) on z >= 0 (a
         * Rayleigh), accept z < 0 with probability (m + s z) / m. */
        double m = d->a > 0 ? d->a : 0, s = d->b;
        double w1 = m * (1 - normal_upper(m / s)), w2 = s / sqrt(two_pi);
        for (;;) {
            double z;
            if (rng_unit(r) * (w1 + w2) < w1)
                z = normal_above(r, -m / s);
            else
                z = sqrt(-2 * log(rng_unit_open(r)));
            if (z >= 0 || rng_unit(r) * m < m + s * z) {
                *out = m + s * z;
                return ERR_OK;
            }
        }
    }
    case DIST_TRIANGULAR: {
        double hi = d->c;
        for (;;) {
            double x = dist_sample(d, r);
            if (rng_unit(r) * hi < x) {
                *out = x;
                return ERR_OK;
            }
        }
    }
    case DIST_EMPIRICAL: {
        /* Segments of equal probability, uniform within: segment i has
         * weight (v_i + v_i+1) / 2, and density x on it. */
        size_t n = d->n;
        if (n == 1) {
            *out = d->values[0];
            return ERR_OK;
        }
        if (l->cum_of != d->values || l->cum_n != n) {
            if (n - 1 > l->cap_cum &&
                mem_grow((void **)&l->cum, &l->cap_cum, n - 1, sizeof *l->cum) != 0)
                return ERR_NOMEM;
            double sum = 0;
            for (size_t i = 0; i + 1 < n; i++) {
                sum += d->values[i] + d->values[i + 1];
                l->cum[i] = sum;
            }
            l->cum_of = d->values;
            l->cum_n = n;
        }
        double u = rng_unit(r) * l->cum[n - 2];
        size_t lo = 0, hi = n - 2;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (l->cum[mid] > u)
                hi = mid;
            else
                lo = mid + 1;
        }
        double a = d->values[lo], b = d->values[lo + 1];
        *out = sqrt(a * a + rng_unit(r) * (b * b - a * a));
        return ERR_OK;
    }
    }
    *out = l->mean;
    return ERR_OK;
}

/* ---- the stream --------------------------------------------------------------------- */

typedef enum wr_mode { MODE_TREE, MODE_PAST, MODE_GRID } wr_mode;

typedef struct node {
    sim_time a, b; /* writes at instants in (a, b] */
    uint64_t n;
    double bytes;
    uint64_t id;  /* the node's path key */
    sim_time pos; /* n == 1: the write's instant; INT64_MIN until drawn */
    int32_t left, right;
    bool by_index; /* a clump at instant b (see above) */
} node;

typedef struct candidate {
    double bound; /* upper bound of the backlog reached inside the node */
    double after; /* bytes of writes after the node, up to the query time */
    int32_t index;
} candidate;

typedef struct pw {
    double t; /* instant, µs */
    double x; /* bytes */
} pw;

enum chunk_kind { CH_HELD, CH_FWD, CH_BWD, CH_CYCLES };
enum left_kind { LEFT_NONE, LEFT_FREE, LEFT_IDLE };

typedef struct chunk {
    double lo, hi; /* its writes have instants in [lo, hi] */
    uint64_t n;
    double bytes;
    int kind;
    /* How it is drawn again (not CH_HELD). */
    uint64_t serial;
    double from, target, bw;
    pw *w; /* its n writes in time order, when `have` */
    size_t cap;
    bool have;
    bool open_lo; /* no write at lo (a summed partial chunk: its writes lie above target) */
} chunk;

typedef struct past {
    chunk *ch;
    size_t nch, cap_ch; /* structs beyond nch keep their buffers for reuse */
    bool started;
    double L, R;
    int left;
    double left_bw;
    bool right_fixed;
    uint64_t serial;
    size_t held; /* writes of redrawable chunks in memory */
    pw *tmp;     /* scratch: a ladder or a busy period being drawn */
    size_t tmp_len, tmp_cap;
    size_t *marks; /* scratch: where each ladder excursion starts in tmp */
    size_t marks_len, marks_cap;
} past;

typedef struct grid {
    int64_t kmin;  /* first write (INT64_MIN / 2 when stationary) */
    int64_t kend;  /* one past the last write at or before end */
    int64_t block; /* the block whose sizes are in sz (INT64_MIN: none) */
    double sz[GRID_BLOCK];
    double warm_bw[GRID_WARM_CACHE];
    uint64_t warm_n[GRID_WARM_CACHE];
    int nwarm, next_warm;
} grid;

struct wr_stream {
    wr_params p;
    law law;
    wr_mode mode;
    bool stationary;
    double lam;   /* writes per µs */
    uint64_t key; /* mixes (seed, trial, entity): every stream derives from it */
    uint64_t seq; /* the PCG stream selector of every draw */
    sim_time end;
    /* tree */
    double spacing; /* regular: µs between writes */
    double phase;   /* regular: write k at 1 + floor(phase + k * spacing) */
    sim_time t0;
    node *nodes;
    size_t len, cap;
    candidate *heap; /* scratch for the backlog */
    size_t heap_len, heap_cap;
    candidate *stack; /* scratch: frontier and refinement stack */
    size_t stack_len, stack_cap;
    past past;
    grid grid;
};

static rng node_rng(const wr_stream *s, uint64_t id)
{
    rng r;
    rng_seed(&r, rng_mix64(s->key ^ id), s->seq);
    return r;
}

static rng tagged_rng(const wr_stream *s, uint64_t tag, uint64_t serial)
{
    rng r;
    rng_seed(&r, rng_mix64(s->key ^ tag ^ rng_mix64(serial)), s->seq);
    return r;
}

static uint64_t child_id(uint64_t id, int side)
{
    return rng_mix64(id * 2 + (uint64_t)side);
}

/* The gap to the next write of a Poisson stream, µs. */
static double gap(const wr_stream *s, rng *r)
{
    return -log(rng_unit_open(r)) / s->lam;
}

static double load(const wr_stream *s, double bandwidth)
{
    return s->lam * 1e6 * s->law.mean / bandwidth;
}

static err_code push(candidate **items, size_t *len, size_t *cap, candidate c)
{
    if (*len == *cap && mem_grow((void **)items, cap, *len + 1, sizeof **items) != 0)
        return ERR_NOMEM;
    (*items)[(*len)++] = c;
    return ERR_OK;
}

static err_code push_pw(pw **items, size_t *len, size_t *cap, double t, double x)
{
    if (*len == *cap && mem_grow((void **)items, cap, *len + 1, sizeof **items) != 0)
        return ERR_NOMEM;
    (*items)[(*len)++] = (pw){t, x};
    return ERR_OK;
}

static void reverse_pw(pw *w, size_t n)
{
    for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
        pw t = w[i];
        w[i] = w[j - 1];
        w[j - 1] = t;
    }
}

/* ---- the tree ------------------------------------------------------------------------ */

/* Regular arrivals: the index of the first write after instant x (writes up
 * to x are those with smaller indices). */
static int64_t regular_index(const wr_stream *s, double x)
{
    return (int64_t)ceil((x - s->phase) / s->spacing);
}

static sim_time regular_instant(const wr_stream *s, int64_t k)
{
    return 1 + (sim_time)floor(s->phase + (double)k * s->spacing);
}

static double total_bytes(const wr_stream *s, rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    if (s->law.shape == 0)
        return (double)n * s->law.mean;
    return vrt_gamma(r, (double)n * s->law.shape) * s->law.scale;
}

/* The instant of the single write of node i (n == 1). */
static sim_time node_pos(wr_stream *s, int32_t i)
{
    node *nd = &s->nodes[i];
    if (nd->pos != INT64_MIN)
        return nd->pos;
    if (nd->by_index) {
        nd->pos = nd->b;
    } else if (s->p.regular) {
        nd->pos = regular_instant(s, regular_index(s, (double)nd->a));
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
    node left = {parent.a,  parent.b, 0,        0,    child_id(parent.id, 0),
                 INT64_MIN, NO_CHILD, NO_CHILD, false};
    node right = {parent.a,  parent.b, 0,        0,    child_id(parent.id, 1),
                  INT64_MIN, NO_CHILD, NO_CHILD, false};
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
                left.n =
                    (uint64_t)(regular_index(s, (double)mid) - regular_index(s, (double)parent.a));
            else
                left.n = vrt_binomial_half(&r, parent.n); /* halves: see invariants */
        }
    }
    right.n = parent.n - left.n;
    if (left.n == 0) {
        right.bytes = parent.bytes;
    } else if (right.n == 0) {
        left.bytes = parent.bytes;
    } else if (s->law.shape == 0) {
        left.bytes = (double)left.n * s->law.mean;
        right.bytes = parent.bytes - left.bytes;
    } else {
        left.bytes = parent.bytes *
                     vrt_beta(&r, (double)left.n * s->law.shape, (double)right.n * s->law.shape);
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

/* Writes of the tree in (t0, x]. */
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

static err_code tree_count(wr_stream *s, sim_time from, sim_time to, uint64_t *count, double *bytes)
{
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

/* Pushes on s->stack, in time order, the maximal nodes covering (t0, hi]
 * that hold writes: the left siblings along the path to hi. */
static err_code decompose_prefix(wr_stream *s, sim_time hi)
{
    err_code rc;
    int32_t i = 0;
    for (;;) {
        const node *nd = &s->nodes[i];
        if (nd->n == 0 || hi <= nd->a)
            return ERR_OK;
        if (hi >= nd->b)
            return push(&s->stack, &s->stack_len, &s->stack_cap, (candidate){0, 0, i});
        if ((rc = split(s, i)) != ERR_OK)
            return rc;
        int32_t li = s->nodes[i].left;
        if (hi >= s->nodes[li].b) {
            if (s->nodes[li].n > 0 &&
                (rc = push(&s->stack, &s->stack_len, &s->stack_cap, (candidate){0, 0, li})))
                return rc;
            i = s->nodes[i].right;
        } else {
            i = li;
        }
    }
}

/* The same for (lo, hi], lo > t0 (a link that starts empty at 0 on a tree
 * that starts before). */
static err_code decompose(wr_stream *s, int32_t i, sim_time lo, sim_time hi)
{
    const node *nd = &s->nodes[i];
    if (nd->n == 0 || nd->b <= lo || nd->a >= hi)
        return ERR_OK;
    if (nd->a >= lo && nd->b <= hi)
        return push(&s->stack, &s->stack_len, &s->stack_cap, (candidate){0, 0, i});
    err_code rc = split(s, i);
    if (rc == ERR_OK)
        rc = decompose(s, s->nodes[i].left, lo, hi);
    if (rc == ERR_OK)
        rc = decompose(s, s->nodes[i].right, lo, hi);
    return rc;
}

/* ---- the past: chunks ----------------------------------------------------------------- */

static void past_reset(past *pa)
{
    pa->nch = 0;
    pa->started = false;
    pa->L = pa->R = 0;
    pa->left = LEFT_FREE;
    pa->left_bw = 0;
    pa->right_fixed = false;
    pa->serial = 0;
    pa->held = 0;
}

static void past_free(past *pa)
{
    for (size_t i = 0; i < pa->cap_ch; i++)
        mem_free(pa->ch[i].w);
    mem_free(pa->ch);
    mem_free(pa->tmp);
    mem_free(pa->marks);
}

/* A new chunk at position i (0 or nch), its buffer taken from the spare
 * struct past the end. */
static err_code past_insert(past *pa, size_t i, chunk **out)
{
    if (pa->nch == pa->cap_ch) {
        size_t old = pa->cap_ch;
        if (mem_grow((void **)&pa->ch, &pa->cap_ch, pa->nch + 1, sizeof *pa->ch) != 0)
            return ERR_NOMEM;
        memset(&pa->ch[old], 0, (pa->cap_ch - old) * sizeof *pa->ch);
    }
    chunk spare = pa->ch[pa->nch];
    memmove(&pa->ch[i + 1], &pa->ch[i], (pa->nch - i) * sizeof *pa->ch);
    pa->ch[i] = (chunk){.w = spare.w, .cap = spare.cap};
    pa->nch++;
    *out = &pa->ch[i];
    return ERR_OK;
}

/* Undoes past_insert(pa, i): the chunk never happened (its buffer goes
 * back to the spare struct). */
static void past_uninsert(past *pa, size_t i)
{
    chunk gone = pa->ch[i];
    memmove(&pa->ch[i], &pa->ch[i + 1], (pa->nch - i - 1) * sizeof *pa->ch);
    pa->nch--;
    pa->ch[pa->nch] = (chunk){.w = gone.w, .cap = gone.cap};
}

/* Drops the writes of every redrawable chunk but `keep` once too many are
 * held. */
static void past_trim(past *pa, size_t keep)
{
    if (pa->held <= HELD_BUDGET)
        return;
    for (size_t i = 0; i < pa->nch; i++) {
        chunk *c = &pa->ch[i];
        if (i == keep || c->kind == CH_HELD || !c->have)
            continue;
        mem_free(c->w);
        c->w = NULL;
        c->cap = 0;
        c->have = false;
        pa->held -= (size_t)c->n;
    }
}

/* Draws a complete M/G/1 busy period of a link of bw bytes/s into pa->tmp:
 * instants relative to its first write (at 0), ascending; *length its
 * duration (µs) up to the instant the link is idle again. */
static err_code busy_period(wr_stream *s, double bw, rng *r, double *length)
{
    past *pa = &s->past;
    double B = bw / 1e6, t = 0, x = law_draw(&s->law, r), rem = x;
    pa->tmp_len = 0;
    if (push_pw(&pa->tmp, &pa->tmp_len, &pa->tmp_cap, 0, x) != ERR_OK)
        return ERR_NOMEM;
    for (;;) {
        double g = gap(s, r);
        if (B * g >= rem) {
            *length = t + rem / B;
            return ERR_OK;
        }
        t += g;
        x = law_draw(&s->law, r);
        rem += x - B * g;
        if (push_pw(&pa->tmp, &pa->tmp_len, &pa->tmp_cap, t, x) != ERR_OK)
            return ERR_NOMEM;
    }
}

/* A backward chunk of a gamma law, summed: its bounds, count and bytes
 * without its writes. Going back from `from`, the gap to the CHUNK_WRITES-th
 * write is Gamma(CHUNK_WRITES)/lam; when it reaches past `target` the chunk
 * stops there, and given that gap T the writes before the last one are
 * uniform on (0, T), so Binomial(CHUNK_WRITES - 1, (from - target) / T) of
 * them lie within it. The bytes of n writes are summed in closed form
 * (total_bytes). Exact in law, as drawing the gaps one by one is. */
static void bwd_sum(wr_stream *s, chunk *c)
{
    rng r = tagged_rng(s, TAG_PAST, c->serial);
    double span = c->from - c->target;
    double T = vrt_gamma(&r, CHUNK_WRITES) / s->lam;
    if (T <= span) {
        c->n = CHUNK_WRITES;
        c->lo = c->from - T;
        c->open_lo = false;
    } else {
        c->n = span > 0 ? vrt_binomial(&r, CHUNK_WRITES - 1, span / T) : 0;
        c->lo = c->target;
        c->open_lo = true;
    }
    c->hi = c->from;
    c->bytes = total_bytes(s, &r, c->n);
}

/* The writes of a summed backward chunk, given its sum (bwd_sum): a full
 * chunk has a write at lo and CHUNK_WRITES - 1 uniform on (lo, hi); a
 * partial one n uniform on (lo, hi). Sorted uniforms come from exponential
 * spacings; a gamma law's sizes split the bytes as a Dirichlet(shape, ...)
 * (independent gammas over their sum), a constant law's are all its mean. */
static err_code bwd_writes(wr_stream *s, chunk *c)
{
    rng r = tagged_rng(s, TAG_PAST_WRITES, c->serial);
    uint64_t n = c->n;
    bool full = n == CHUNK_WRITES; /* a partial chunk holds fewer */
    uint64_t uniform = full ? n - 1 : n;
    size_t len = 0;
    if (n == 0)
        return ERR_OK;
    if (n > c->cap && mem_grow((void **)&c->w, &c->cap, (size_t)n, sizeof *c->w) != 0)
        return ERR_NOMEM;
    pw *w = c->w;
    if (full)
        w[len++] = (pw){c->lo, 0};
    /* Spacings E_1..E_{u+1}: the k-th sorted uniform is (E_1 + ... + E_k) / sum. */
    double sum = 0;
    for (uint64_t k = 0; k < uniform; k++) {
        sum += -log(rng_unit_open(&r));
        w[len + k].t = sum;
    }
    sum += -log(rng_unit_open(&r));
    double width = c->hi - c->lo;
    for (uint64_t k = 0; k < uniform; k++)
        w[len + k].t = c->lo + width * (w[len + k].t / sum);
    len += (size_t)uniform;
    if (s->law.shape == 0) {
        for (size_t k = 0; k < len; k++)
            w[k].x = s->law.mean;
    } else {
        double g = 0;
        for (size_t k = 0; k < len; k++) {
            w[k].x = vrt_gamma(&r, s->law.shape);
            g += w[k].x;
        }
        double left = c->bytes;
        for (size_t k = 0; k + 1 < len; k++) {
            w[k].x = g > 0 ? c->bytes * (w[k].x / g) : c->bytes / (double)len;
            left -= w[k].x;
        }
        w[len - 1].x = left > 0 ? left : 0;
    }
    return ERR_OK;
}

/* Draws chunk c from its serial and bounds (the first time and every time
 * again: the same chunk). A backward chunk of a gamma law is summed in
 * closed form, and its writes drawn only when `writes` asks for them (a
 * count over it needs only its sum); every other chunk is drawn write by
 * write. */
static err_code chunk_draw(wr_stream *s, chunk *c, bool writes)
{
    if (c->kind == CH_BWD && s->law.gamma) {
        c->have = false;
        bwd_sum(s, c);
        if (!writes)
            return ERR_OK;
        err_code rc = bwd_writes(s, c);
        c->have = rc == ERR_OK;
        return rc;
    }
    rng r = tagged_rng(s, TAG_PAST, c->serial);
    size_t len = 0;
    double bytes = 0, t = c->from;
    c->have = false;
    switch (c->kind) {
    case CH_FWD: /* the free future after `from`, up to `target` */
        for (;;) {
            t += gap(s, &r);
            if (t > c->target)
                break;
            double x = law_draw(&s->law, &r);
            if (push_pw(&c->w, &len, &c->cap, t, x) != ERR_OK)
                return ERR_NOMEM;
            bytes += x;
            if (len == CHUNK_WRITES)
                break;
        }
        c->lo = c->from;
        c->hi = len == CHUNK_WRITES ? t : c->target;
        break;
    case CH_BWD: /* the free past before `from`, down to `target` */
        for (;;) {
            t -= gap(s, &r);
            if (t < c->target)
                break;
            double x = law_draw(&s->law, &r);
            if (push_pw(&c->w, &len, &c->cap, t, x) != ERR_OK)
                return ERR_NOMEM;
            bytes += x;
            if (len == CHUNK_WRITES)
                break;
        }
        reverse_pw(c->w, len);
        c->lo = len == CHUNK_WRITES ? t : c->target;
        c->hi = c->from;
        break;
    case CH_CYCLES: {
        /* The past of an instant at which the link is idle: the idle
         * period's age is exponential (Poisson arrivals), and before it lie
         * independent busy periods and idle periods. */
        double cur = c->from, length;
        for (;;) {
            double e = cur - gap(s, &r);
            if (e <= c->target) {
                cur = c->target;
                break;
            }
            err_code rc = busy_period(s, c->bw, &r, &length);
            if (rc != ERR_OK)
                return rc;
            double start = e - length;
            const past *pa = &s->past;
            for (size_t k = pa->tmp_len; k-- > 0;) {
                if (push_pw(&c->w, &len, &c->cap, start + pa->tmp[k].t, pa->tmp[k].x) != ERR_OK)
                    return ERR_NOMEM;
                bytes += pa->tmp[k].x;
            }
            cur = start;
            if (cur <= c->target || len >= CHUNK_WRITES)
                break;
        }
        reverse_pw(c->w, len);
        c->lo = cur;
        c->hi = c->from;
        break;
    }
    default: return ERR_INTERNAL;
    }
    c->n = len;
    c->bytes = bytes;
    c->have = true;
    return ERR_OK;
}

/* Chunk i's writes, drawn again if they were dropped. */
static err_code past_writes(wr_stream *s, size_t i, const pw **out)
{
    past *pa = &s->past;
    chunk *c = &pa->ch[i];
    if (!c->have) {
        err_code rc = chunk_draw(s, c, true);
        if (rc != ERR_OK)
            return rc;
        pa->held += (size_t)c->n;
        past_trim(pa, i);
    }
    *out = pa->ch[i].w;
    return ERR_OK;
}

/* The first chunk whose writes may lie after x (hi > x), or nch. */
static size_t chunk_after(const past *pa, double x)
{
    size_t lo = 0, hi = pa->nch;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pa->ch[mid].hi > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* The number of writes of w[0..n) (in time order) at or before x. */
static uint64_t upto(const pw *w, uint64_t n, double x)
{
    uint64_t lo = 0, hi = n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (w[mid].t > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static err_code past_start(wr_stream *s, double at)
{
    past *pa = &s->past;
    if (pa->started)
        return ERR_OK;
    pa->started = true;
    pa->L = pa->R = at;
    pa->left = LEFT_FREE;
    return ERR_OK;
}

/* Draws the past until L <= target. */
static err_code extend_left(wr_stream *s, double target)
{
    past *pa = &s->past;
    while (pa->L > target) {
        if (pa->left == LEFT_NONE) {
            pa->L = target;
            break;
        }
        chunk *c;
        if (past_insert(pa, 0, &c) != ERR_OK)
            return ERR_NOMEM;
        c->kind = pa->left == LEFT_FREE ? CH_BWD : CH_CYCLES;
        c->serial = pa->serial++;
        c->from = pa->L;
        c->target = target;
        c->bw = pa->left_bw;
        err_code rc = chunk_draw(s, c, false);
        if (rc != ERR_OK) {
            past_uninsert(pa, 0);
            return rc;
        }
        pa->L = pa->ch[0].lo;
        if (pa->ch[0].have) {
            pa->held += (size_t)pa->ch[0].n;
            past_trim(pa, 0);
        }
    }
    return ERR_OK;
}

/* Draws the future until R >= target. */
static err_code extend_right(wr_stream *s, double target)
{
    past *pa = &s->past;
    while (pa->R < target && !pa->right_fixed) {
        chunk *c;
        if (past_insert(pa, pa->nch, &c) != ERR_OK)
            return ERR_NOMEM;
        c->kind = CH_FWD;
        c->serial = pa->serial++;
        c->from = pa->R;
        c->target = target;
        err_code rc = chunk_draw(s, c, true);
        if (rc != ERR_OK) {
            past_uninsert(pa, pa->nch - 1);
            return rc;
        }
        pa->R = c->hi;
        pa->held += (size_t)c->n;
        past_trim(pa, pa->nch - 1);
    }
    return ERR_OK;
}

/* ---- the past: the stationary state of a link ------------------------------------------- */

/* The past of instant tau (writes before it) for a link of bw bytes/s with
 * load below 1, drawn from r into pa->tmp in time order, by the ladder
 * decomposition of the stationary M/G/1 workload. Looking back from tau, the
 * bytes that arrived in the last s µs minus what the link ships in s form a
 * compound Poisson process drifting down; the workload W(tau-) is its
 * supremum. Its ascending ladder epochs number Geometric: each happens with
 * probability rho; given one, the jump that makes it (a write) has the
 * size-biased law and the level just before it lies uniformly below the
 * previous maximum (density f(u + h) / E[X]: Feller; Dufresne & Gerber
 * 1988), and the path before it, reversed, is the dual process (rising at
 * bw, falling by each write) run from 0 until it first reaches that level
 * (duality, with the compensation formula). Everything before the last
 * ladder write is the past of an idle instant of this link.
 * *left: the first write of the busy period containing tau (tau when the
 * link is idle there); *work: W(tau-). */
static err_code ladder(wr_stream *s, double tau, double bw, rng *r, double *left, double *work)
{
    past *pa = &s->past;
    double B = bw / 1e6, rho = load(s, bw), far = tau, w = 0;
    pa->tmp_len = pa->marks_len = 0;
    while (rng_unit(r) < rho) {
        double j, level = 0, v = 0;
        err_code rc = law_biased(&s->law, r, &j);
        if (rc != ERR_OK)
            return rc;
        double u = rng_unit(r) * j;
        if (pa->marks_len == pa->marks_cap && mem_grow((void **)&pa->marks, &pa->marks_cap,
                                                       pa->marks_len + 1, sizeof *pa->marks) != 0)
            return ERR_NOMEM;
        size_t base = pa->tmp_len;
        pa->marks[pa->marks_len++] = base;
        /* The ladder write first (its instant once the path's length is
         * known), then the writes of the path before it, by reversed time. */
        if (push_pw(&pa->tmp, &pa->tmp_len, &pa->tmp_cap, 0, j) != ERR_OK)
            return ERR_NOMEM;
        for (;;) {
            double g = gap(s, r);
            if (level + B * g >= u) {
                v += (u - level) / B;
                break;
            }
            v += g;
            level += B * g;
            double x = law_draw(&s->law, r);
            level -= x;
            if (push_pw(&pa->tmp, &pa->tmp_len, &pa->tmp_cap, v, x) != ERR_OK)
                return ERR_NOMEM;
        }
        double start = far - v;
        pa->tmp[base].t = start;
        for (size_t k = base + 1; k < pa->tmp_len; k++)
            pa->tmp[k].t += start;
        far = start;
        w += j - u;
    }
    *left = far;
    *work = w;
    return ERR_OK;
}

/* Whether a link of bw0 bytes/s is idle just before tau given the past of
 * tau in pa->tmp (as ladder left it, for a slower link: past the ladder's
 * last write, its drift keeps bw0's backlog below its value there). */
static bool idle_before(const past *pa, double tau, double bw0)
{
    double B = bw0 / 1e6, acc = 0;
    /* Excursions are stored latest first, each as [ladder write, later
     * writes ascending]; the sum over writes after w does not depend on
     * the order they are added in, but the test must be at each write:
     * visit the writes in descending time. */
    for (size_t e = 0; e < pa->marks_len; e++) {
        size_t lo = pa->marks[e], hi = e + 1 < pa->marks_len ? pa->marks[e + 1] : pa->tmp_len;
        for (size_t k = hi; k-- > lo + 1;) {
            acc += pa->tmp[k].x;
            if (acc - B * (tau - pa->tmp[k].t) > 0)
                return false;
        }
        acc += pa->tmp[lo].x;
        if (acc - B * (tau - pa->tmp[lo].t) > 0)
            return false;
    }
    return true;
}

/* Makes the link of bw bytes/s certainly idle at a known instant: *from is
 * where Lindley's recursion may start with an empty link, over the writes
 * at or after it. A stationary link below load 1: before the past's left
 * end, drawn there if need be. Otherwise (load >= 1, or a stream that is not
 * stationary) the link starts empty at 0. */
static err_code past_certify(wr_stream *s, double bw, double *from)
{
    past *pa = &s->past;
    if (!s->stationary || !(load(s, bw) < 1)) {
        *from = 0;
        return extend_left(s, 0);
    }
    if (pa->left == LEFT_IDLE && bw >= pa->left_bw) {
        *from = pa->L; /* a faster link is idle wherever a slower one is */
        return ERR_OK;
    }
    /* The past before L is free, or idle for a faster link bw0: draw the
     * stationary past of L for this link, and keep it only if it leaves bw0
     * idle at L (rejection: the kept past has the law of the past given
     * W_bw0(L-) = 0; accepted with probability 1 - rho0). */
    double left, work;
    for (;;) {
        rng r = tagged_rng(s, TAG_PAST, pa->serial++);
        err_code rc = ladder(s, pa->L, bw, &r, &left, &work);
        if (rc != ERR_OK)
            return rc;
        if (pa->left != LEFT_IDLE || idle_before(pa, pa->L, pa->left_bw))
            break;
    }
    chunk *c;
    if (past_insert(pa, 0, &c) != ERR_OK)
        return ERR_NOMEM;
    c->kind = CH_HELD;
    c->lo = left;
    c->hi = pa->L;
    size_t len = 0;
    double bytes = 0;
    for (size_t e = pa->marks_len; e-- > 0;) {
        size_t lo = pa->marks[e], hi = e + 1 < pa->marks_len ? pa->marks[e + 1] : pa->tmp_len;
        for (size_t k = lo; k < hi; k++) {
            if (push_pw(&c->w, &len, &c->cap, pa->tmp[k].t, pa->tmp[k].x) != ERR_OK) {
                past_uninsert(pa, 0);
                return ERR_NOMEM;
            }
            bytes += pa->tmp[k].x;
        }
    }
    c->n = len;
    c->bytes = bytes;
    c->have = true;
    pa->L = left;
    pa->left = LEFT_IDLE;
    pa->left_bw = bw;
    *from = left;
    return ERR_OK;
}

/* Lindley's recursion from an empty link at `from` over the past's writes
 * in [from, at]: the backlog at `at`, in bytes. */
static err_code past_lindley(wr_stream *s, double bw, double from, double at, double *work)
{
    past *pa = &s->past;
    double B = bw / 1e6, w = 0, last = from;
    for (size_t i = chunk_after(pa, nextafter(from, -HUGE_VAL)); i < pa->nch; i++) {
        if (pa->ch[i].n == 0)
            continue;
        if (pa->ch[i].lo > at)
            break;
        const pw *ws;
        err_code rc = past_writes(s, i, &ws);
        if (rc != ERR_OK)
            return rc;
        for (uint64_t k = 0; k < pa->ch[i].n; k++) {
            if (ws[k].t < from)
                continue;
            if (ws[k].t > at)
                break;
            w -= B * (ws[k].t - last);
            if (w < 0)
                w = 0;
            w += ws[k].x;
            last = ws[k].t;
        }
    }
    w -= B * (at - last);
    *work = w > 0 ? w : 0;
    return ERR_OK;
}

/* FIFO: a write is not fully shipped at `at` iff the bytes of the writes
 * after it (up to `at`) are fewer than the backlog `work`. Adds those of the
 * past (at or after `from`) to *out. */
static err_code past_unshipped(wr_stream *s, double from, double at, double work, wr_backlog *out)
{
    past *pa = &s->past;
    double acc = 0;
    for (size_t i = pa->nch; i-- > 0;) {
        if (pa->ch[i].lo > at || pa->ch[i].n == 0)
            continue;
        if (pa->ch[i].hi < from)
            break;
        const pw *ws;
        err_code rc = past_writes(s, i, &ws);
        if (rc != ERR_OK)
            return rc;
        for (uint64_t k = pa->ch[i].n; k-- > 0;) {
            if (ws[k].t > at)
                continue;
            if (ws[k].t < from || acc >= work)
                return ERR_OK;
            out->writes++;
            out->bytes += ws[k].x;
            out->oldest = (sim_time)ceil(ws[k].t);
            acc += ws[k].x;
        }
    }
    return ERR_OK;
}

static err_code past_backlog(wr_stream *s, double bw, double at, wr_backlog *out)
{
    past *pa = &s->past;
    err_code rc = past_start(s, at);
    if (rc == ERR_OK && at > pa->R)
        rc = extend_right(s, at);
    if (rc == ERR_OK && at < pa->L)
        rc = extend_left(s, at);
    double from = 0, work = 0;
    if (rc == ERR_OK)
        rc = past_certify(s, bw, &from);
    if (rc != ERR_OK || at <= from)
        return rc;
    rc = past_lindley(s, bw, from, at, &work);
    if (rc != ERR_OK || work <= 0)
        return rc;
    out->work = work;
    return past_unshipped(s, from, at, work, out);
}

/* The past's writes in (a, b]. */
static err_code past_count(wr_stream *s, double a, double b, uint64_t *count, double *bytes)
{
    past *pa = &s->past;
    *count = 0;
    *bytes = 0;
    err_code rc = past_start(s, a);
    if (rc == ERR_OK)
        rc = extend_right(s, b);
    if (rc == ERR_OK)
        rc = extend_left(s, a);
    for (size_t i = chunk_after(pa, a); i < pa->nch && rc == ERR_OK; i++) {
        const chunk *c = &pa->ch[i];
        if (c->lo > b)
            break;
        if (c->n == 0)
            continue;
        /* Whole in (a, b]: summed, its writes need not be drawn. */
        if ((c->lo > a || (c->open_lo && c->lo >= a)) && c->hi <= b) {
            *count += c->n;
            *bytes += c->bytes;
            continue;
        }
        const pw *ws;
        if ((rc = past_writes(s, i, &ws)) != ERR_OK)
            break;
        uint64_t n = pa->ch[i].n;
        for (uint64_t k = upto(ws, n, a), end = upto(ws, n, b); k < end; k++) {
            (*count)++;
            *bytes += ws[k].x;
        }
    }
    return rc;
}

/* The past's first write after x, as an instant in µs (ceiling), or
 * SIM_NEVER (only when the past may not grow right). */
static err_code past_next(wr_stream *s, double x, sim_time *out)
{
    past *pa = &s->past;
    *out = SIM_NEVER;
    err_code rc = past_start(s, x);
    if (rc == ERR_OK && x < pa->L)
        rc = extend_left(s, x);
    for (size_t i = chunk_after(pa, x); i < pa->nch && rc == ERR_OK; i++) {
        if (pa->ch[i].n == 0)
            continue;
        const pw *ws;
        if ((rc = past_writes(s, i, &ws)) != ERR_OK)
            return rc;
        uint64_t k = upto(ws, pa->ch[i].n, x);
        if (k < pa->ch[i].n) {
            *out = (sim_time)ceil(ws[k].t);
            return ERR_OK;
        }
    }
    if (rc != ERR_OK || pa->right_fixed)
        return rc;
    /* Beyond R: the next write of the free future. */
    if (x > pa->R && (rc = extend_right(s, x)) != ERR_OK)
        return rc;
    chunk *c;
    if (past_insert(pa, pa->nch, &c) != ERR_OK)
        return ERR_NOMEM;
    /* A chunk of one write, kept. */
    rng r = tagged_rng(s, TAG_PAST, pa->serial++);
    double t = pa->R + gap(s, &r), xb = law_draw(&s->law, &r);
    size_t len = 0;
    if (push_pw(&c->w, &len, &c->cap, t, xb) != ERR_OK) {
        past_uninsert(pa, pa->nch - 1);
        return ERR_NOMEM;
    }
    c->kind = CH_HELD;
    c->from = pa->R;
    c->lo = c->from;
    c->hi = t;
    c->n = 1;
    c->bytes = xb;
    c->have = true;
    pa->R = t;
    *out = (sim_time)ceil(t);
    return ERR_OK;
}

/* ---- the grid: evenly spaced writes of a law that is not gamma ------------------------ */

static double grid_size(wr_stream *s, int64_t k)
{
    grid *g = &s->grid;
    int64_t b = k >= 0 ? k / GRID_BLOCK : -((-k - 1) / GRID_BLOCK) - 1;
    if (b != g->block) {
        rng r = tagged_rng(s, TAG_GRID, (uint64_t)b);
        for (int i = 0; i < GRID_BLOCK; i++)
            g->sz[i] = law_draw(&s->law, &r);
        g->block = b;
    }
    return g->sz[k - b * GRID_BLOCK];
}

/* The writes of warm-up for a link of bw bytes/s: Lindley's recursion
 * started with an empty link that many writes before an instant gives the
 * stationary backlog there unless the busy period then spans more writes:
 * for some n >= N, the n latest sizes exceed (n - 1) c, c the bytes shipped
 * between two writes. For sizes in [lo, hi], Hoeffding's inequality bounds
 * each of those events by exp(-e(n)), e(n) = 2 (n d - c)^2 / (n (hi - lo)^2),
 * d = c - E[X]; e grows by at least g per step past N (N d > c), so their
 * sum is at most exp(-e(N)) / (1 - exp(-g)): N is the smallest power of two
 * that brings it below 2^-64. Sizes never above c need one write. Unbounded
 * laws (lognormal, Weibull, normal): GRID_UNBOUNDED_WARMUP writes, since no
 * bound of their single-big-write tail is both rigorous and short. */
static uint64_t grid_warmup(wr_stream *s, double bw)
{
    grid *g = &s->grid;
    for (int i = 0; i < g->nwarm; i++)
        if (g->warm_bw[i] == bw)
            return g->warm_n[i];
    double c = bw * s->spacing / 1e6, d = c - s->law.mean;
    double lo = dist_min(s->law.d), hi = dist_max(s->law.d);
    uint64_t n = 1;
    if (!isfinite(hi)) {
        n = GRID_UNBOUNDED_WARMUP;
    } else if (hi > c) {
        double w2 = (hi - lo) * (hi - lo), target = -64 * log(2.0);
        for (n = 2; n < GRID_MAX_WARMUP; n *= 2) {
            double nn = (double)n;
            if (nn * d <= c)
                continue;
            double e = 2 * (nn * d - c) * (nn * d - c) / (nn * w2);
            double step = 2 / w2 * (d * d - c * c / (nn * (nn + 1)));
            if (step > 0 && -e - log(-expm1(-step)) <= target)
                break;
        }
    }
    g->warm_bw[g->next_warm] = bw;
    g->warm_n[g->next_warm] = n;
    g->next_warm = (g->next_warm + 1) % GRID_WARM_CACHE;
    if (g->nwarm < GRID_WARM_CACHE)
        g->nwarm++;
    return n;
}

static int64_t grid_index(const wr_stream *s, sim_time x)
{
    int64_t k = regular_index(s, (double)x);
    return k < s->grid.kmin ? s->grid.kmin : k > s->grid.kend ? s->grid.kend : k;
}

static err_code grid_count(wr_stream *s, sim_time from, sim_time to, uint64_t *count, double *bytes)
{
    int64_t k1 = grid_index(s, from), k2 = grid_index(s, to);
    *count = k2 > k1 ? (uint64_t)(k2 - k1) : 0;
    *bytes = 0;
    for (int64_t k = k1; k < k2; k++)
        *bytes += grid_size(s, k);
    return ERR_OK;
}

static err_code grid_backlog(wr_stream *s, double bw, sim_time at, wr_backlog *out)
{
    int64_t last = grid_index(s, at) - 1, first;
    if (last < s->grid.kmin)
        return ERR_OK;
    if (s->stationary && load(s, bw) < 1) {
        uint64_t n = grid_warmup(s, bw);
        first = last - (int64_t)n + 1;
    } else {
        first = grid_index(s, 0);
    }
    double B = bw / 1e6, w = 0, prev = 0;
    for (int64_t k = first; k <= last; k++) {
        double t = (double)regular_instant(s, k);
        if (k > first) {
            w -= B * (t - prev);
            if (w < 0)
                w = 0;
        }
        w += grid_size(s, k);
        prev = t;
    }
    w -= B * ((double)at - prev);
    if (w <= 0)
        return ERR_OK;
    out->work = w;
    double acc = 0;
    for (int64_t k = last; k >= first && acc < w; k--) {
        double x = grid_size(s, k);
        out->writes++;
        out->bytes += x;
        out->oldest = regular_instant(s, k);
        acc += x;
    }
    return ERR_OK;
}

/* ---- the interface ----------------------------------------------------------------------- */

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
    mem_free(s->law.cum);
    past_free(&s->past);
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
    law_set(&s->law, p);
    bool any = p->rate > 0 && s->end > 0;
    s->lam = any ? p->rate / 1e6 : 0;
    s->stationary = p->stationary;
    s->mode = !any || s->law.gamma ? MODE_TREE : p->regular ? MODE_GRID : MODE_PAST;
    past_reset(&s->past);

    sim_time span = 1;
    while (span < s->end)
        span *= 2;
    s->t0 = 0;
    rng r = node_rng(s, ROOT_TOTALS);
    if (p->regular && any) {
        s->spacing = 1e6 / p->rate;
        s->phase = rng_unit(&r) * s->spacing;
    }
    switch (s->mode) {
    case MODE_TREE: {
        uint64_t n = 0;
        if (any && p->regular) {
            if (s->stationary) {
                sim_time half = (sim_time)1 << WARMUP_LOG2;
                while (half < span)
                    half *= 2;
                s->t0 = -half;
                span = 2 * half;
            }
            n = (uint64_t)(regular_index(s, (double)(s->t0 + span)) -
                           regular_index(s, (double)s->t0));
        } else if (any) {
            n = vrt_poisson(&r, p->rate * (double)span / 1e6);
            if (s->stationary) {
                s->past.started = true;
                s->past.right_fixed = true;
            }
        }
        s->len = 1;
        s->nodes[0] =
            (node){s->t0,    s->t0 + span, n,    total_bytes(s, &r, n), ROOT_ID, INT64_MIN,
                   NO_CHILD, NO_CHILD,     false};
        break;
    }
    case MODE_PAST:
        s->len = 0;
        if (!s->stationary) {
            s->past.started = true;
            s->past.left = LEFT_NONE;
        }
        break;
    case MODE_GRID:
        s->len = 0;
        s->grid.kmin = s->stationary ? INT64_MIN / 4 : regular_index(s, 0);
        s->grid.kend = regular_index(s, (double)s->end);
        s->grid.block = INT64_MIN;
        s->grid.nwarm = s->grid.next_warm = 0;
        break;
    }
}

size_t wr_nodes(const wr_stream *s)
{
    size_t n = s->len;
    for (size_t i = 0; i < s->past.nch; i++)
        n += s->past.ch[i].have ? (size_t)s->past.ch[i].n : 0;
    return n;
}

err_code wr_count(wr_stream *s, sim_time from, sim_time to, uint64_t *count, double *bytes)
{
    *count = 0;
    *bytes = 0;
    if (to > s->end)
        to = s->end;
    if (!s->stationary && from < 0)
        from = 0;
    if (to <= from || s->lam == 0)
        return ERR_OK;
    switch (s->mode) {
    case MODE_PAST: return past_count(s, (double)from, (double)to, count, bytes);
    case MODE_GRID: return grid_count(s, from, to, count, bytes);
    case MODE_TREE: break;
    }
    if (from < 0 && s->past.started) {
        uint64_t c = 0;
        double b = 0;
        err_code rc = past_count(s, (double)from, to < 0 ? (double)to : 0, count, bytes);
        if (rc == ERR_OK && to > 0)
            rc = tree_count(s, 0, to, &c, &b);
        *count += c;
        *bytes += b;
        return rc;
    }
    return tree_count(s, from > s->t0 ? from : s->t0, to, count, bytes);
}

err_code wr_next_after(wr_stream *s, sim_time from, sim_time *out)
{
    *out = SIM_NEVER;
    if (s->lam == 0)
        return ERR_OK;
    err_code rc = ERR_OK;
    switch (s->mode) {
    case MODE_PAST: rc = past_next(s, s->stationary || from >= 0 ? (double)from : 0, out); break;
    case MODE_GRID: {
        int64_t k = grid_index(s, from);
        *out = k < s->grid.kend ? regular_instant(s, k) : SIM_NEVER;
        break;
    }
    case MODE_TREE:
        if (from < 0 && s->past.started && (rc = past_next(s, (double)from, out)) != ERR_OK)
            return rc;
        if (*out == SIM_NEVER)
            rc = first_after(s, 0, from, out);
        break;
    }
    if (rc == ERR_OK && *out > s->end)
        *out = SIM_NEVER;
    return rc;
}

static err_code tree_backlog(wr_stream *s, double bandwidth, sim_time at, wr_backlog *out)
{
    bool with_past = s->past.started;
    if (at <= 0 && with_past)
        return past_backlog(s, bandwidth, (double)at, out);
    /* Where the link starts empty: the tree's start (a stationary warm-up, or
     * time 0), or time 0 for a link with no stationary state. */
    sim_time lo = s->t0;
    if (lo < 0 && !(load(s, bandwidth) < 1))
        lo = 0;
    if (at <= lo || s->nodes[0].n == 0)
        return ERR_OK;
    err_code rc;

    /* 1. Decompose (lo, at] into whole nodes, earliest first. */
    s->stack_len = 0;
    if ((rc = lo == s->t0 ? decompose_prefix(s, at) : decompose(s, 0, lo, at)) != ERR_OK)
        return rc;
    /* Bytes after each piece, up to `at`. */
    double after = 0;
    for (size_t k = s->stack_len; k-- > 0;) {
        s->stack[k].after = after;
        after += s->nodes[s->stack[k].index].bytes;
    }

    /* 2. The backlog at `at` is the largest, over writes w, of (bytes of writes
     *    from w to at) - bandwidth * (at - instant of w), or 0 (Lindley's
     *    recursion unrolled), or, with a past, the backlog at 0 plus all the
     *    bytes since minus what the link ships since. Best-first branch and
     *    bound on the nodes' upper bounds. */
    double best = 0;
    if (with_past) {
        double from, w0 = 0;
        rc = past_certify(s, bandwidth, &from);
        if (rc == ERR_OK && from < 0)
            rc = past_lindley(s, bandwidth, from, 0, &w0);
        if (rc != ERR_OK)
            return rc;
        double v = w0 + after - bandwidth * (double)at / 1e6;
        if (v > best)
            best = v;
    }
    s->heap_len = 0;
    for (size_t k = 0; k < s->stack_len; k++) {
        const node *nd = &s->nodes[s->stack[k].index];
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
     *    from `at` backwards (the stack holds the pieces, latest on top),
     *    then on into the past if the backlog is older than 0. */
    int32_t earliest = NO_CHILD;
    while (s->stack_len > 0) {
        candidate c = s->stack[--s->stack_len];
        const node *nd = &s->nodes[c.index];
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
        if (s->nodes[li].n > 0 &&
            (rc = push(&s->stack, &s->stack_len, &s->stack_cap,
                       (candidate){0, c.after + s->nodes[ri].bytes, li})) != ERR_OK)
            return rc;
        if (s->nodes[ri].n > 0 && (rc = push(&s->stack, &s->stack_len, &s->stack_cap,
                                             (candidate){0, c.after, ri})) != ERR_OK)
            return rc;
    }
    if (earliest != NO_CHILD) {
        sim_time first;
        if ((rc = first_after(s, earliest, s->nodes[earliest].a - 1, &first)) != ERR_OK)
            return rc;
        out->oldest = first;
    }
    if (with_past && best > after)
        return past_unshipped(s, -HUGE_VAL, 0, best - after, out);
    return ERR_OK;
}

err_code wr_backlog_at(wr_stream *s, double bandwidth, sim_time at, wr_backlog *out)
{
    if (at > s->end)
        at = s->end;
    *out = (wr_backlog){at, 0, 0, 0};
    if (s->lam == 0 || !(bandwidth > 0))
        return ERR_OK;
    switch (s->mode) {
    case MODE_PAST:
        if (!s->stationary && at <= 0)
            return ERR_OK;
        return past_backlog(s, bandwidth, (double)at, out);
    case MODE_GRID: return grid_backlog(s, bandwidth, at, out);
    case MODE_TREE: break;
    }
    return tree_backlog(s, bandwidth, at, out);
}
