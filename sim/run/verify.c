/*
 * verify.c — the determinism check of `drsim run --verify` (see verify.h).
 *
 * A set holds, for each selected variant (in scenario order) and each of the
 * first `count` trials of the slice, a hash and whether it was recorded:
 * slot (j, i) for the j-th selected variant and trial first + i. `index`
 * maps a scenario variant to j (UINT32_MAX when not selected).
 */
#include "sim/run/verify.h"

#include <stdio.h>
#include <string.h>

#include "sim/core/mem.h"

struct verify_set {
    const scn_scenario *s;
    uint32_t *index;   /* per scenario variant: its j, or UINT32_MAX */
    uint32_t nsel;
    uint64_t first, count;
    uint64_t *hash;    /* nsel * count */
    bool *recorded;    /* nsel * count */
};

err_code verify_create(const scn_scenario *s, const bool *selected, uint64_t first,
                       uint64_t end, verify_set **out, err_msg *e)
{
    *out = NULL;
    verify_set *vs = mem_calloc(1, sizeof *vs);
    if (vs == NULL)
        goto nomem;
    vs->s = s;
    vs->first = first;
    vs->count = end > first ? end - first : 0;
    if (vs->count > VERIFY_SAMPLE)
        vs->count = VERIFY_SAMPLE;
    vs->index = mem_calloc(s->nvariants ? s->nvariants : 1, sizeof *vs->index);
    if (vs->index == NULL)
        goto nomem;
    for (size_t v = 0; v < s->nvariants; v++)
        vs->index[v] = selected == NULL || selected[v] ? vs->nsel++ : UINT32_MAX;
    size_t n = (size_t)vs->nsel * (size_t)vs->count;
    vs->hash = mem_calloc(n ? n : 1, sizeof *vs->hash);
    vs->recorded = mem_calloc(n ? n : 1, sizeof *vs->recorded);
    if (vs->hash == NULL || vs->recorded == NULL)
        goto nomem;
    *out = vs;
    return ERR_OK;
nomem:
    verify_free(vs);
    return err_set(e, ERR_NOMEM, "out of memory preparing the determinism check");
}

void verify_free(verify_set *vs)
{
    if (vs == NULL)
        return;
    mem_free(vs->index);
    mem_free(vs->hash);
    mem_free(vs->recorded);
    mem_free(vs);
}

/* FNV-1a, 64 bits. */
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= FNV_PRIME;
    }
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    if (s == NULL)
        return mix(h, "\xff", 1); /* NULL differs from "" */
    return mix(h, s, strlen(s) + 1);
}

uint64_t verify_hash(const oc_trial *t, const oc_timeline *tl)
{
    uint64_t h = mix(FNV_OFFSET, &t->trial, sizeof t->trial);
    for (int m = 0; m < OC_NMETRICS; m++) {
        unsigned char present = t->present[m];
        h = mix(h, &present, 1);
        if (present)
            h = mix(h, &t->value[m], sizeof t->value[m]); /* the exact bits */
    }
    h = mix_str(h, t->consistency);
    for (size_t i = 0; tl != NULL && i < tl->len; i++) {
        const oc_event *ev = &tl->events[i];
        h = mix(h, &ev->t, sizeof ev->t);
        h = mix_str(h, oc_event_kind_name(ev->kind));
        h = mix_str(h, ev->subject);
        h = mix_str(h, ev->detail);
    }
    return h;
}

void verify_record(verify_set *vs, uint32_t variant, const oc_trial *t, const oc_timeline *tl)
{
    if (vs == NULL || variant >= vs->s->nvariants || vs->index[variant] == UINT32_MAX ||
        t->trial < vs->first || t->trial - vs->first >= vs->count)
        return;
    size_t at = (size_t)vs->index[variant] * vs->count + (size_t)(t->trial - vs->first);
    vs->hash[at] = verify_hash(t, tl);
    vs->recorded[at] = true;
}

err_code verify_compare(const verify_set *a, const verify_set *b, err_msg *e)
{
    if (a->s != b->s || a->nsel != b->nsel || a->first != b->first || a->count != b->count)
        return err_set(e, ERR_INTERNAL, "determinism check: the two passes sampled different "
                                        "trials");
    for (size_t v = 0; v < a->s->nvariants; v++) {
        uint32_t j = a->index[v];
        if (j == UINT32_MAX)
            continue;
        for (uint64_t i = 0; i < a->count; i++) {
            size_t at = (size_t)j * a->count + (size_t)i;
            unsigned long long k = a->first + i;
            const char *name = a->s->variants[v].name;
            if (!a->recorded[at] || !b->recorded[at])
                return err_set(e, ERR_INTERNAL,
                               "determinism check: variant %s, trial %llu was not run by "
                               "both passes",
                               name, k);
            if (a->hash[at] != b->hash[at])
                return err_set(e, ERR_INTERNAL,
                               "determinism check failed: variant %s, trial %llu: its outcome "
                               "differs when run again (hash %016llx, then %016llx); these "
                               "results cannot be trusted (a bug in drsim: please report it "
                               "with the scenario)",
                               name, k, (unsigned long long)a->hash[at],
                               (unsigned long long)b->hash[at]);
        }
    }
    return ERR_OK;
}

err_code verify_rerun(const verify_set *vs, uint64_t seed, uint64_t trace,
                      const world_limits *limits, const volatile sig_atomic_t *stop,
                      err_msg *e)
{
    verify_set *again = NULL;
    err_code rc = ERR_OK;
    bool *selected = mem_calloc(vs->s->nvariants ? vs->s->nvariants : 1, sizeof *selected);
    if (selected == NULL)
        return err_set(e, ERR_NOMEM, "out of memory preparing the determinism check");
    for (size_t v = 0; v < vs->s->nvariants; v++)
        selected[v] = vs->index[v] != UINT32_MAX;
    rc = verify_create(vs->s, selected, vs->first, vs->first + vs->count, &again, e);
    mem_free(selected);
    if (rc != ERR_OK)
        return rc;

    oc_timeline tl = {0};
    for (size_t v = 0; rc == ERR_OK && v < vs->s->nvariants; v++) {
        if (vs->index[v] == UINT32_MAX)
            continue;
        const scn_variant *var = &vs->s->variants[v];
        world *w = world_create(var->world, var->strategy, limits, e);
        if (w == NULL) {
            rc = e != NULL && e->code != ERR_OK ? e->code : ERR_NOMEM;
            break;
        }
        /* Reverse order: each trial follows other trials than the first time. */
        for (uint64_t i = vs->count; rc == ERR_OK && i-- > 0;) {
            if (stop != NULL && *stop) {
                rc = err_set(e, ERR_INTERRUPTED, "interrupted");
                break;
            }
            uint64_t k = vs->first + i;
            oc_trial t;
            oc_trial_init(&t, k);
            tl.enabled = k < trace;
            oc_timeline_clear(&tl);
            rc = world_run_trial(w, seed, k, &t, &tl, e);
            t.trial = k;
            if (rc == ERR_OK && tl.error != ERR_OK)
                rc = err_set(e, tl.error, "out of memory recording the timeline of trial %llu",
                             (unsigned long long)k);
            if (rc == ERR_OK) {
                oc_timeline_sort(&tl);
                verify_record(again, (uint32_t)v, &t, tl.enabled ? &tl : NULL);
            } else {
                char what[ERR_MSG_MAX];
                snprintf(what, sizeof what, "%s", e != NULL ? e->text : "");
                err_set(e, rc, "determinism check: variant %s: %.900s", var->name, what);
            }
        }
        world_destroy(w);
    }
    oc_timeline_free(&tl);
    if (rc == ERR_OK)
        rc = verify_compare(vs, again, e);
    verify_free(again);
    return rc;
}
