/*
 * strata.c — the strata of a world's outages and the trials' allocation to
 * them (strata.h).
 *
 * Invariants: fates[k * noutages + i] and zones[...] describe stratum k;
 * bound[k] is the upper end, in 2^64 fixed point, of stratum k's slice of
 * [0, 1): bound[0] <= bound[1] <= ... and the last slice ends at 2^64 (held
 * as `last`: the trials past every bound go to the last stratum).
 */
#include "models/scenario/strata.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/fields.h"
#include "sim/core/mem.h"

/* floor(2^64 / phi): the Weyl sequence's step (the golden ratio's
 * fractional part in 64-bit fixed point, odd, as in Knuth's multiplicative
 * hashing). */
#define STRATA_WEYL 0x9E3779B97F4A7C15ULL

/* An outcome of one outage. */
typedef struct outcome {
    strata_fate fate;
    uint32_t zone;
    double p;
} outcome;

/* The most outcomes of one outage: absent, and transient and destructive
 * in each of up to ... zones (a region's zones are few: 3 in Azure today;
 * more are refused as too many strata anyway). */
#define OUTCOMES_MAX (1 + 2 * STRATA_MAX)

struct strata {
    uint32_t count;
    size_t noutages;
    double *prob, *share;
    uint64_t *bound;
    uint8_t *fates;   /* count * noutages */
    uint32_t *zones;  /* count * noutages */
};

void strata_destroy(strata *s)
{
    if (s == NULL)
        return;
    mem_free(s->prob);
    mem_free(s->share);
    mem_free(s->bound);
    mem_free(s->fates);
    mem_free(s->zones);
    mem_free(s);
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* The outcomes of outage o in world w; 1 FREE outcome when it is not
 * stratified. */
static size_t outcomes_of(const scn_world *w, const scn_outage *o, outcome *out)
{
    if (!dist_is_const(&o->probability) || !dist_is_const(&o->destructive)) {
        out[0] = (outcome){STRATA_FREE, 0, 1};
        return 1;
    }
    double p = clamp01(dist_max(&o->probability)), d = clamp01(dist_max(&o->destructive));
    uint32_t zones = 1;
    if (o->scope != SCN_SCOPE_REGION && o->zone == 0 && o->region < w->nregions &&
        w->regions[o->region].zones > 1)
        zones = w->regions[o->region].zones;
    size_t n = 0;
    if (p < 1)
        out[n++] = (outcome){STRATA_ABSENT, 0, 1 - p};
    for (uint32_t z = 1; p > 0 && z <= zones && n + 2 <= OUTCOMES_MAX; z++) {
        uint32_t zone = zones > 1 ? z : 0;
        if (d < 1)
            out[n++] = (outcome){STRATA_TRANSIENT, zone, p * (1 - d) / zones};
        if (d > 0)
            out[n++] = (outcome){STRATA_DESTRUCTIVE, zone, p * d / zones};
    }
    if (n == 0) /* never (p < 1 gives ABSENT, p > 0 an occurrence): for the reader */
        out[n++] = (outcome){STRATA_FREE, 0, 1};
    return n;
}

err_code strata_create(const scn_world *w, strata **out, err_msg *e)
{
    *out = NULL;
    if (w->strata != SCN_STRATA_OUTAGES)
        return ERR_OK;
    /* How many strata: the product of the outages' outcomes, refused past
     * STRATA_MAX before anything is allocated. */
    outcome each[OUTCOMES_MAX];
    uint64_t count = 1;
    for (size_t i = 0; i < w->noutages; i++) {
        count *= outcomes_of(w, &w->outages[i], each);
        if (count > STRATA_MAX)
            return err_set(e, ERR_INPUT,
                           "sampling.strata: outages: the outages make more than %d strata "
                           "(each outcome of each outage — absent, transient, destructive, "
                           "in each zone it may strike — times the others'); give the zone "
                           "of a zone or datacenter outage, or fewer outages",
                           STRATA_MAX);
    }
    strata *s = mem_calloc(1, sizeof *s);
    if (s == NULL)
        goto nomem;
    s->count = (uint32_t)count;
    s->noutages = w->noutages;
    size_t cells = (size_t)count * (w->noutages ? w->noutages : 1);
    s->prob = mem_calloc(count, sizeof *s->prob);
    s->share = mem_calloc(count, sizeof *s->share);
    s->bound = mem_calloc(count, sizeof *s->bound);
    s->fates = mem_calloc(cells, sizeof *s->fates);
    s->zones = mem_calloc(cells, sizeof *s->zones);
    if (s->prob == NULL || s->share == NULL || s->bound == NULL || s->fates == NULL ||
        s->zones == NULL)
        goto nomem;
    for (uint32_t k = 0; k < s->count; k++)
        s->prob[k] = 1;
    /* Mixed radix, the first outage the most significant digit. */
    uint64_t stride = count;
    for (size_t i = 0; i < w->noutages; i++) {
        outcome o[OUTCOMES_MAX];
        size_t n = outcomes_of(w, &w->outages[i], o); /* >= 1 */
        if (n == 0 || stride < n)
            goto nomem; /* never: count is the product of every outage's n */
        stride /= n;
        for (uint32_t k = 0; k < s->count; k++) {
            const outcome *c = &o[(k / stride) % n];
            s->fates[(size_t)k * s->noutages + i] = (uint8_t)c->fate;
            s->zones[(size_t)k * s->noutages + i] = c->zone;
            s->prob[k] *= c->p;
        }
    }
    double even = clamp01(w->strata_even), cum = 0;
    for (uint32_t k = 0; k < s->count; k++) {
        s->share[k] = (1 - even) * s->prob[k] + even / (double)s->count;
        cum += s->share[k];
        /* 2^64 * cum, saturated: the last bound is never used (the last
         * stratum takes everything past the one before). */
        double b = ldexp(cum, 64);
        s->bound[k] = b >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)b;
    }
    *out = s;
    return ERR_OK;
nomem:
    strata_destroy(s);
    return err_set(e, ERR_NOMEM, "out of memory");
}

uint32_t strata_count(const strata *s)
{
    return s->count;
}

double strata_probability(const strata *s, uint32_t k)
{
    return s->prob[k];
}

double strata_share(const strata *s, uint32_t k)
{
    return s->share[k];
}

uint32_t strata_of_trial(const strata *s, uint64_t trial)
{
    uint64_t u = trial * STRATA_WEYL; /* mod 2^64: frac(trial * phi) */
    for (uint32_t k = 0; k + 1 < s->count; k++)
        if (u < s->bound[k])
            return k;
    return s->count - 1;
}

strata_fate strata_outage(const strata *s, uint32_t k, size_t i, uint32_t *zone)
{
    *zone = s->zones[(size_t)k * s->noutages + i];
    return (strata_fate)s->fates[(size_t)k * s->noutages + i];
}

size_t strata_label(const strata *s, uint32_t k, const scn_world *w, char *buf, size_t size)
{
    static const char *const fate_words[] = {"drawn", "absent", "transient", "destructive"};
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < s->noutages; i++) {
        uint32_t zone = 0;
        strata_fate f = strata_outage(s, k, i, &zone);
        if (f == STRATA_FREE)
            continue;
        const scn_outage *o = &w->outages[i];
        char where[96];
        if (zone && o->scope == SCN_SCOPE_ZONE)
            snprintf(where, sizeof where, "%s, zone %u", w->regions[o->region].name,
                     (unsigned)zone);
        else if (zone)
            snprintf(where, sizeof where, "%s, a datacenter in zone %u",
                     w->regions[o->region].name, (unsigned)zone);
        else
            snprintf(where, sizeof where, "%s, %s", w->regions[o->region].name,
                     fld_scope_names[o->scope]);
        int n = snprintf(buf + (len < size ? len : size), len < size ? size - len : 0,
                         "%soutage %zu (%s): %s", len ? "; " : "", i + 1, where,
                         fate_words[f]);
        len += n > 0 ? (size_t)n : 0;
    }
    if (len == 0) {
        int n = snprintf(buf, size, "every outage drawn");
        len = n > 0 ? (size_t)n : 0;
    }
    return len;
}

bool strata_equal(const strata *a, const strata *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (a->count != b->count || a->noutages != b->noutages)
        return false;
    size_t cells = (size_t)a->count * a->noutages;
    return memcmp(a->prob, b->prob, a->count * sizeof *a->prob) == 0 &&
           memcmp(a->share, b->share, a->count * sizeof *a->share) == 0 &&
           memcmp(a->fates, b->fates, cells * sizeof *a->fates) == 0 &&
           memcmp(a->zones, b->zones, cells * sizeof *a->zones) == 0;
}
