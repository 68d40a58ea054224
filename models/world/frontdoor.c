/*
 * frontdoor.c — Front Door's probe verdicts and the routing of one edge
 * location, and their spread over edge locations.
 *
 * One edge: the verdicts on each origin (out of rotation, back in) are
 * instants; between consecutive instants of {down, up, verdicts} the share
 * of failing requests is constant, so an edge's downtime is a sum of
 * segments. Over edges: as the phase moves, every probe instant moves with
 * it, and the order of those instants changes only where a probe meets
 * `down`, `up`, or a verdict's effect (probe + propagation) meets `up`; on
 * each piece between those phases the downtime and the switch are linear in
 * the phase, so the mean is exact from each piece's midpoint, and the
 * switch's CDF is exact piece by piece.
 *
 * Invariants: 1 <= required <= sample_size; interval > 0.
 */
#include "models/world/frontdoor.h"

#include <stdlib.h>

static sim_time mod_interval(sim_time t, sim_time interval)
{
    sim_time m = t % interval;
    return m < 0 ? m + interval : m;
}

static sim_time probe_at_or_after(const fd_probes *p, sim_time t)
{
    sim_time off = mod_interval(t - p->phase, p->interval);
    return off == 0 ? t : t + (p->interval - off);
}

sim_time fd_disabled_at(const fd_probes *p, sim_time down, sim_time back)
{
    uint32_t k = p->sample_size - p->required + 1;
    sim_time last = probe_at_or_after(p, down) + (sim_time)(k - 1) * p->interval;
    if (back != SIM_NEVER && back <= last)
        return SIM_NEVER;
    return last + p->propagation;
}

sim_time fd_enabled_at(const fd_probes *p, sim_time down, sim_time up)
{
    sim_time first = probe_at_or_after(p, up);
    /* By the required-th probe from `up` on the window holds that many
     * successes: the loop ends there at the latest. */
    for (uint32_t j = 0;; j++) {
        sim_time t = first + (sim_time)j * p->interval;
        uint32_t ok = 0;
        for (uint32_t m = 0; m < p->sample_size; m++) {
            sim_time probe = t - (sim_time)m * p->interval;
            if (probe < down || probe >= up)
                ok++;
        }
        if (ok >= p->required)
            return t + p->propagation;
    }
}

/* One edge's verdicts. */
typedef struct edge {
    const fd_route *r;
    sim_time out_old;  /* the failed origin out of rotation (SIM_NEVER: never) */
    sim_time in_old;   /* back in (in place only) */
    sim_time in_new;   /* the failover target in (not in place) */
} edge;

/* The share of requests that fail at t. */
static double failing(const edge *g, sim_time t)
{
    const fd_route *r = g->r;
    bool answers_old = t < r->down || (r->in_place && t >= r->up);
    bool healthy_old = t < g->out_old || (g->in_old != SIM_NEVER && t >= g->in_old);
    if (healthy_old)
        return answers_old ? 0 : 1;
    if (!r->in_place) {
        bool answers_new = t >= r->up;
        if (t >= g->in_new)
            return answers_new ? 0 : 1;
        /* Every origin out of rotation: round robin across the two. */
        return ((answers_old ? 0 : 1) + (answers_new ? 0 : 1)) / 2.0;
    }
    /* In place: round robin across the origin group, whose other origin (the
     * failover target, when there is one) does not answer. */
    double n = r->origins > 0 ? (double)r->origins : 1;
    return ((answers_old ? 0 : 1) + (n - 1)) / n;
}

static int cmp_time(const void *x, const void *y)
{
    sim_time a = *(const sim_time *)x, b = *(const sim_time *)y;
    return a < b ? -1 : a > b;
}

double fd_edge_downtime(const fd_probes *p, const fd_route *r, sim_time *switched)
{
    edge g = {r, SIM_NEVER, SIM_NEVER, SIM_NEVER};
    g.out_old = fd_disabled_at(p, r->down, r->in_place ? r->up : SIM_NEVER);
    if (r->in_place && g.out_old != SIM_NEVER)
        g.in_old = fd_enabled_at(p, r->down, r->up);
    if (!r->in_place)
        g.in_new = fd_enabled_at(p, FD_NEVER_ANSWERED, r->up);
    sim_time t[5];
    size_t n = 0;
    t[n++] = r->down;
    t[n++] = r->up;
    if (g.out_old != SIM_NEVER)
        t[n++] = g.out_old;
    if (g.in_old != SIM_NEVER)
        t[n++] = g.in_old;
    if (g.in_new != SIM_NEVER)
        t[n++] = g.in_new;
    qsort(t, n, sizeof *t, cmp_time);
    double total = 0;
    sim_time last = r->down;
    for (size_t i = 0; i + 1 < n; i++) {
        if (t[i + 1] <= t[i] || t[i] < r->down)
            continue;
        double f = failing(&g, t[i] + (t[i + 1] - t[i]) / 2);
        if (f > 0) {
            total += f * (double)(t[i + 1] - t[i]) / 1e6;
            last = t[i + 1];
        }
    }
    *switched = last;
    return total;
}

/* The phases at which the order of an edge's instants changes, with 0 and
 * the interval: the ends of the pieces, ascending and distinct; their number. */
static size_t phase_pieces(const fd_probes *p, const fd_route *r, sim_time out[5])
{
    sim_time b[5] = {0, p->interval, mod_interval(r->down, p->interval),
                     mod_interval(r->up, p->interval),
                     mod_interval(r->up - p->propagation, p->interval)};
    qsort(b, 5, sizeof *b, cmp_time);
    size_t m = 0;
    for (size_t i = 0; i < 5; i++)
        if (m == 0 || b[i] > out[m - 1])
            out[m++] = b[i];
    return m;
}

static double edge_at(const fd_probes *p, const fd_route *r, sim_time phase, double *switch_s)
{
    fd_probes q = *p;
    q.phase = phase;
    sim_time sw;
    double d = fd_edge_downtime(&q, r, &sw);
    *switch_s = (double)(sw - r->down) / 1e6;
    return d;
}

double fd_downtime_mean(const fd_probes *p, const fd_route *r)
{
    sim_time b[5];
    size_t n = phase_pieces(p, r, b);
    double sum = 0, sw;
    for (size_t i = 0; i + 1 < n; i++)
        sum += edge_at(p, r, b[i] + (b[i + 1] - b[i]) / 2, &sw) * (double)(b[i + 1] - b[i]);
    return sum / (double)p->interval;
}

/* The switch on one piece: v(phase) = v0 + slope * (phase - x0). */
typedef struct piece {
    double from, to, x0, v0, slope;
} piece;

static double switch_cdf(const piece *pc, size_t n, double x, double total)
{
    double in = 0;
    for (size_t i = 0; i < n; i++) {
        const piece *c = &pc[i];
        double lo = c->from, hi = c->to;
        if (c->slope == 0) {
            if (c->v0 <= x)
                in += hi - lo;
            continue;
        }
        /* v <= x where phase <= x0 + (x - v0) / slope (slope > 0) or >=. */
        double at = c->x0 + (x - c->v0) / c->slope;
        if (c->slope > 0)
            in += at <= lo ? 0 : at >= hi ? hi - lo : at - lo;
        else
            in += at >= hi ? 0 : at <= lo ? hi - lo : hi - at;
    }
    return in / total;
}

double fd_switch_quantile(const fd_probes *p, const fd_route *r, double q)
{
    sim_time b[5];
    size_t n = phase_pieces(p, r, b);
    piece pc[4];
    size_t np = 0;
    double lo = 1e300, hi = -1e300;
    for (size_t i = 0; i + 1 < n; i++) {
        sim_time len = b[i + 1] - b[i];
        sim_time x1 = b[i] + len / 4, x3 = b[i] + 3 * len / 4;
        double v1, v3;
        edge_at(p, r, x1, &v1);
        edge_at(p, r, x3, &v3);
        double slope = x3 > x1 ? (v3 - v1) / (double)(x3 - x1) : 0;
        pc[np++] = (piece){(double)b[i], (double)b[i + 1], (double)x1, v1, slope};
        double e0 = v1 + slope * ((double)b[i] - (double)x1);
        double e1 = v1 + slope * ((double)b[i + 1] - (double)x1);
        lo = e0 < lo ? e0 : lo;
        lo = e1 < lo ? e1 : lo;
        hi = e0 > hi ? e0 : hi;
        hi = e1 > hi ? e1 : hi;
    }
    if (hi <= lo)
        return lo;
    for (int i = 0; i < 100; i++) {
        double mid = (lo + hi) / 2;
        if (switch_cdf(pc, np, mid, (double)p->interval) < q)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}
