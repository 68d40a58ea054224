/*
 * exec.c — running scenarios into the store, for `run` and `check` (see
 * exec.h).
 *
 * Invariant: at most one run is open on the store at any time; every path
 * out of run_one either finishes it or fails it.
 */
#include "sim/run/exec.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "models/scenario/loader.h"
#include "models/scenario/strata.h"
#include "models/world/cost.h"
#include "reports/check/baseline.h"
#include "reports/check/judge.h"
#include "reports/store/store.h"
#include "reports/text/fmt.h"
#include "reports/text/junit.h"
#include "reports/text/view.h"
#include "sim/core/escape.h"
#include "sim/core/jsonw.h"
#include "sim/core/mem.h"
#include "sim/core/pathid.h"
#include "sim/run/console.h"
#include "sim/run/runner.h"
#include "sim/run/verify.h"

/* Bytes set aside while runs are written (mem_reserve). */
#define EXEC_MEM_RESERVE (256 * 1024)


/* Stores variant idx's bill and its disruptions a year (models/world/cost.h)
 * in the run being written. */
static err_code store_variant_cost(store *st, const scn_variant *v, uint32_t idx, err_msg *e)
{
    cost_bill b;
    err_code rc = cost_bill_make(v->world, v->strategy, &b, e);
    if (rc != ERR_OK)
        return rc;
    store_cost_item *items = b.n ? mem_calloc(b.n, sizeof *items) : NULL;
    if (b.n && items == NULL) {
        cost_bill_free(&b);
        return err_set(e, ERR_NOMEM, "out of memory (a variant's bill)");
    }
    for (size_t i = 0; i < b.n; i++)
        items[i] = (store_cost_item){.what = b.items[i].what,
                                     .quantity = b.items[i].quantity,
                                     .unit = b.items[i].unit,
                                     .unit_price = b.items[i].unit_price,
                                     .monthly = b.items[i].monthly};
    store_cost c = {.currency = b.currency,
                    .monthly = b.total,
                    .per_year = cost_rate_per_year(v->world),
                    .destroyed_per_year = cost_destroyed_per_year(v->world),
                    .items = items,
                    .n = b.n};
    rc = store_run_cost(st, idx, &c, e);
    mem_free(items);
    cost_bill_free(&b);
    return rc;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct outcome {
    int64_t run_id;
    double seconds;
    size_t failed;          /* expectations */
    size_t inconclusive;    /* expectations neither passed nor failed */
    bool judged;            /* false for a shard */
    base_report base;
    bool compared;
} outcome;

/* About what publishing one staged row costs (75 ms for the flagship's
 * 30,000 trial rows on the two-core machine `make bench` reports from): the
 * sink starts publishing when the trials still to run would take no longer
 * than publishing what is staged, so that the two overlap. The write lock
 * is then held for about twice as long as publishing alone would hold it:
 * other writers still wait seconds at most, never for a run's trials. A
 * faster or slower machine moves the moment, never the results. */
#define PUBLISH_ROW_S 2.5e-6

typedef struct sink_ctx {
    store *st;
    verify_set *verify; /* --verify: the sample's hashes, or NULL */
    bool publish_early; /* not with --verify: its reruns come after the trials */
    bool published;
    uint64_t units, done; /* of the run; given to the sink so far */
    uint64_t rows;        /* trial and event rows staged */
    double t0;            /* when the trials began */
} sink_ctx;

static double now_s(void);

/* Publishes once the trials still to run would take about as long as
 * publishing the rows staged (see PUBLISH_ROW_S). */
static err_code maybe_publish(sink_ctx *c, err_msg *e)
{
    if (!c->publish_early || c->published || c->done % 64 != 0 || c->done >= c->units)
        return ERR_OK;
    double per_unit = (now_s() - c->t0) / (double)c->done;
    if ((double)(c->units - c->done) * per_unit > (double)c->rows * PUBLISH_ROW_S)
        return ERR_OK;
    c->published = true;
    return store_run_publish(c->st, e);
}

static err_code sink(void *ctx, uint32_t variant, const oc_trial *t, const oc_timeline *tl,
                     err_msg *e)
{
    sink_ctx *c = ctx;
    verify_record(c->verify, variant, t, tl);
    err_code rc = store_run_trial(c->st, variant, t, e);
    for (size_t i = 0; rc == ERR_OK && tl != NULL && i < tl->len; i++) {
        const oc_event *ev = &tl->events[i];
        rc = store_run_event(c->st, variant, t->trial, (uint32_t)i, ev->t,
                             oc_event_kind_name(ev->kind),
                             ev->subject, ev->detail, e);
    }
    c->done++;
    c->rows += 1 + (tl != NULL ? tl->len : 0);
    return rc == ERR_OK ? maybe_publish(c, e) : rc;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Which variants --variant selects; ERR_USAGE (printed) when it selects none
 * of this scenario's. */
err_code exec_select(const exec_request *rq, const scn_scenario *s, bool *selected)
{
    size_t n = 0;
    for (size_t v = 0; v < s->nvariants; v++) {
        selected[v] = rq->nvariants == 0;
        for (size_t i = 0; i < rq->nvariants; i++)
            if (oc_name_selects(rq->variants[i], s->variants[v].name,
                                s->variants[v].strategy->name))
                selected[v] = true;
        n += selected[v];
    }
    if (n > 0)
        return ERR_OK;
    char names[1024] = "";
    size_t len = 0;
    for (size_t v = 0; v < s->nvariants && len < sizeof names; v++)
        len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", v ? ", " : "",
                                s->variants[v].name);
    con_error(rq->command, "%s: --variant selects none of its variants (%s)", s->path, names);
    return ERR_USAGE;
}

static char *variants_json(const exec_request *rq)
{
    if (rq->nvariants == 0)
        return NULL;
    jw w;
    jw_init(&w, 0);
    jw_arr_begin(&w);
    for (size_t i = 0; i < rq->nvariants; i++)
        jw_str(&w, rq->variants[i]);
    jw_arr_end(&w);
    return jw_take(&w);
}

static err_code choose_trials(const exec_request *rq, const scn_scenario *s,
                              const bool *selected, const char *argv_json, const char *filter,
                              uint64_t *trials, char *why, size_t size, err_msg *e);

/* One scenario into one run. */
static err_code run_one(const exec_request *rq, store *st, const scn_scenario *s,
                        const bool *selected, const char *argv_json, const char *filter,
                        outcome *out, err_msg *e)
{
    uint64_t trials = rq->has_trials ? rq->trials : s->trials;
    char stopped[2048] = "";
    if (trials == 0) {
        err_code arc = choose_trials(rq, s, selected, argv_json, filter, &trials, stopped,
                                     sizeof stopped, e);
        if (arc != ERR_OK)
            return arc;
    }
    uint64_t seed = rq->has_seed ? rq->seed : s->seed;
    uint32_t k = rq->shard_count ? rq->shard_index : 1, n = rq->shard_count ? rq->shard_count : 1;
    uint64_t first = 0, end = 0;
    run_slice(trials, k, n, &first, &end);
    store_new_run nr = {
        .scenario_name = s->name,
        .description = s->description,
        .sha256 = s->sha256,
        .source = s->source,
        .source_len = s->source_len,
        .seed = seed,
        .trials = trials,
        .trial_first = first,
        .trial_end = end,
        .shard_index = k,
        .shard_count = n,
        .trace = rq->trace,
        .variants = filter,
        .argv = argv_json,
        .stopped = stopped[0] ? stopped : NULL,
    };
    store_stratum strata_rows[STRATA_MAX];
    char strata_labels[STRATA_MAX][256];
    strata *sr = NULL;
    err_code rc = strata_create(&s->worlds[0], &sr, e);
    if (rc != ERR_OK)
        return rc;
    for (uint32_t j = 0; sr != NULL && j < strata_count(sr); j++) {
        strata_label(sr, j, &s->worlds[0], strata_labels[j], sizeof strata_labels[j]);
        strata_rows[j] = (store_stratum){j, strata_probability(sr, j), strata_share(sr, j),
                                         strata_labels[j]};
    }
    nr.strata = sr ? strata_rows : NULL;
    nr.nstrata = sr ? strata_count(sr) : 0;
    strata_destroy(sr);
    double t0 = now_s();
    rc = store_run_begin(st, &nr, &out->run_id, e);
    if (rc != ERR_OK)
        return rc;
    for (size_t v = 0; rc == ERR_OK && v < s->nvariants; v++)
        if (selected[v])
            rc = store_run_variant(st, (uint32_t)v, s->variants[v].name,
                                   s->variants[v].strategy->name, s->variants[v].params_json, e);
    verify_set *vs = NULL;
    if (rc == ERR_OK && rq->verify)
        rc = verify_create(s, selected, first, end, &vs, e);
    world_limits limits = {rq->max_events, rq->max_pending};
    if (rc == ERR_OK) {
        run_options o = {
            .seed = seed,
            .trials = trials,
            .jobs = rq->jobs ? rq->jobs : con_cores(),
            .shard_index = k,
            .shard_count = n,
            .trace = rq->trace,
            .selected = selected,
            .limits = limits,
            .stop = &interrupted,
            .progress = con_progress(rq->quiet || rq->json) ? s->name : NULL,
        };
        size_t nselected = 0;
        for (size_t v = 0; v < s->nvariants; v++)
            nselected += selected[v];
        sink_ctx c = {.st = st, .verify = vs, .publish_early = vs == NULL,
                      .units = (end - first) * nselected, .t0 = now_s()};
        rc = run_trials(s, &o, sink, &c, e);
    }
    if (rc == ERR_LIMIT) {
        char what[ERR_MSG_MAX];
        snprintf(what, sizeof what, "%s", e->text);
        err_set(e, rc, "%.900s (limits: --max-events %llu, --max-pending %zu)", what,
                (unsigned long long)limits.max_events, limits.max_pending);
    }
    if (rc == ERR_OK && vs != NULL)
        rc = verify_rerun(vs, seed, rq->trace, &limits, &interrupted, e);
    verify_free(vs);
    if (rc == ERR_OK && interrupted)
        rc = err_set(e, ERR_INTERRUPTED, "interrupted");
    if (rc == ERR_OK)
        rc = store_run_publish(st, e);
    for (size_t v = 0; rc == ERR_OK && v < s->nvariants; v++)
        if (selected[v])
            rc = store_variant_cost(st, &s->variants[v], (uint32_t)v, e);
    out->judged = n == 1;
    if (rc == ERR_OK && out->judged)
        rc = judge_run(st, out->run_id, s->expects, s->nexpects, &out->failed,
                       &out->inconclusive, e);
    if (rc == ERR_OK)
        rc = store_run_finish(st, e);
    if (rc != ERR_OK) {
        err_msg ignored;
        store_run_fail(st, e->text, &ignored);
        return rc;
    }
    out->seconds = now_s() - t0;
    return ERR_OK;
}

/* ---- trials: auto ------------------------------------------------------------ */

static double store_confidence_of(const exec_request *rq)
{
    return rq->confidence > 0 ? rq->confidence : STORE_DEFAULT_CONFIDENCE;
}

/* How far figure v with interval [lo, hi] is from being known within
 * `precision` of itself: its half-width over |v|, or 0 when it is known —
 * not applicable (NAN), pinned (an interval of its own value), 0 or
 * infinite (no relative precision exists: 0 is bounded above by its
 * interval, "never" below); INFINITY when its interval is unbounded. */
static double imprecision(double v, double lo, double hi)
{
    if (isnan(v) || v == 0 || isinf(v) || (lo == v && hi == v))
        return 0;
    if (!isfinite(lo) || !isfinite(hi))
        return INFINITY;
    return (hi - lo) / 2 / fabs(v);
}

/* Whether every figure show reports of the run's variants — the mean, p50,
 * p90, p95 and p99 of each metric, each share, P(RPO > 0) — is known to
 * within `precision` of itself (imprecision). When not, `worst` names the
 * least precise one ("asr rto.p99 +/-7.3%"). */
static err_code precise_enough(store *st, int64_t run_id, double precision, bool *ok,
                               char *worst, size_t size, err_msg *e)
{
    static const stats_stat figures[] = {STATS_MEAN, STATS_P50, STATS_P90, STATS_P95,
                                         STATS_P99};
    store_variant *vs = NULL;
    size_t nv = 0;
    double most = 0;
    *ok = true;
    worst[0] = '\0';
    err_code rc = store_variants(st, run_id, &vs, &nv, e);
    for (size_t i = 0; rc == ERR_OK && i < nv; i++) {
        for (int m = 0; rc == ERR_OK && m < OC_NMETRICS; m++) {
            /* As many columns as the store keeps in each pass over the
             * variant's trials. */
            if (m % STORE_READ_AHEAD == 0) {
                oc_metric ahead[STORE_READ_AHEAD];
                size_t k = 0;
                for (int j = m; j < OC_NMETRICS && k < STORE_READ_AHEAD; j++)
                    ahead[k++] = (oc_metric)j;
                rc = store_read_ahead(st, vs[i].id, ahead, k, e);
            }
            stats_agg a;
            if (rc == ERR_OK)
                rc = store_aggregate(st, vs[i].id, (oc_metric)m, &a, e);
            bool share = oc_metrics[m].unit == OC_UNIT_SHARE;
            for (size_t f = 0; rc == ERR_OK && f < (share ? 1 : sizeof figures / sizeof *figures);
                 f++) {
                double lo = NAN, hi = NAN, v = stats_get(&a, figures[f]);
                stats_interval(&a, figures[f], &lo, &hi);
                double x = imprecision(v, lo, hi);
                if (x > precision && x > most) {
                    most = x;
                    snprintf(worst, size, "%s %s.%s ±%.2g%%", vs[i].name, oc_metrics[m].name,
                             stats_stat_name(figures[f]), 100 * x);
                }
            }
        }
        double pos = NAN, lo = NAN, hi = NAN;
        if (rc == ERR_OK)
            rc = store_rpo_positive(st, vs[i].id, &pos, &lo, &hi, e);
        double x = rc == ERR_OK ? imprecision(pos, lo, hi) : 0;
        if (x > precision && x > most) {
            most = x;
            snprintf(worst, size, "%s P(RPO > 0) ±%.2g%%", vs[i].name, 100 * x);
        }
    }
    if (most > precision) {
        *ok = false;
        if (isinf(most)) /* "±inf%": say it in words */
            snprintf(worst + strcspn(worst, "±"), size - strcspn(worst, "±"), "unbounded");
    }
    store_variants_free(vs, nv);
    return rc;
}

/* The pilots' scratch database: a temporary file, removed with its
 * companions. */
static void scratch_remove(const char *path)
{
    char p[PATH_MAX + 16];
    for (size_t k = 0; store_companions[k] != NULL; k++) {
        snprintf(p, sizeof p, "%s%s", path, store_companions[k]);
        unlink(p);
    }
}

/* trials: auto. Pilot runs of EXEC_AUTO_FIRST trials, doubling up to
 * rq->max_trials (EXEC_AUTO_MAX by default), each every selected variant
 * into a scratch database, until every expectation is decided at the
 * confidence level (none inconclusive) and, with --precision (or with no
 * expectation: EXEC_AUTO_PRECISION), every figure show reports is known to
 * within it (precise_enough). Trial k is trial k whatever the count, so the choice
 * depends on the scenario, seed and settings only: every shard makes the
 * same one. *why says why it stopped there (stored with the run). */
static err_code choose_trials(const exec_request *rq, const scn_scenario *s,
                              const bool *selected, const char *argv_json, const char *filter,
                              uint64_t *trials, char *why, size_t size, err_msg *e)
{
    uint64_t cap = rq->max_trials ? rq->max_trials : EXEC_AUTO_MAX;
    double precision = rq->precision > 0 ? rq->precision
                       : s->nexpects == 0 ? EXEC_AUTO_PRECISION
                                          : 0;
    const char *tmp = getenv("TMPDIR");
    char path[PATH_MAX];
    char steps[1600] = "";
    size_t used = 0;
    err_code rc = ERR_OK;
    uint64_t n = EXEC_AUTO_FIRST < cap ? EXEC_AUTO_FIRST : cap;
    for (;;) {
        snprintf(path, sizeof path, "%s/drsim-auto-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        int fd = mkstemp(path);
        if (fd < 0)
            return err_set(e, ERR_IO, "trials: auto: cannot create a scratch database in %s: %s",
                           tmp && *tmp ? tmp : "/tmp", strerror(errno));
        close(fd);
        unlink(path); /* store_open creates it as a database */
        exec_request pilot = *rq;
        pilot.has_trials = true;
        pilot.trials = n;
        pilot.shard_index = pilot.shard_count = 1;
        pilot.trace = 0;
        pilot.verify = false;
        pilot.quiet = true;
        store *scratch = NULL;
        outcome o = {0};
        rc = store_open(path, STORE_WRITE, &scratch, e);
        if (rc == ERR_OK) {
            store_set_confidence(scratch, store_confidence_of(rq));
            rc = run_one(&pilot, scratch, s, selected, argv_json, filter, &o, e);
        }
        bool precise = true;
        char worst[300] = "";
        if (rc == ERR_OK && precision > 0)
            rc = precise_enough(scratch, o.run_id, precision, &precise, worst, sizeof worst, e);
        store_close(scratch);
        scratch_remove(path);
        if (rc != ERR_OK)
            return rc;
        int w = snprintf(steps + used, used < sizeof steps ? sizeof steps - used : 0,
                         "%s%llu: %zu inconclusive%s%s", used ? "; " : "",
                         (unsigned long long)n, o.inconclusive,
                         precision > 0 && !precise ? ", imprecise: " : "",
                         precision > 0 && !precise ? worst : "");
        used += w > 0 ? (size_t)w : 0;
        bool decided = o.inconclusive == 0 && precise;
        if (decided || n >= cap) {
            *trials = n;
            char target[160];
            if (precision > 0)
                snprintf(target, sizeof target,
                         "every expectation decided at %.4g%% and every figure within %.4g%%",
                         100 * store_confidence_of(rq), 100 * precision);
            else
                snprintf(target, sizeof target, "every expectation decided at %.4g%%",
                         100 * store_confidence_of(rq));
            snprintf(why, size, "trials: auto: %s %s after %llu trials (%s)",
                     target, decided ? "reached" : "NOT reached: the cap", (unsigned long long)n,
                     steps);
            return ERR_OK;
        }
        n = 2 * n < cap ? 2 * n : cap;
    }
}

/* ---- Output ------------------------------------------------------------------ */

static void print_baseline(const exec_request *rq, const outcome *o, bool color)
{
    if (!o->compared)
        return;
    const base_report *b = &o->base;
    if (b->mode == BASE_NONE) {
        printf("\nbaseline: no earlier run of this scenario in %s\n", esc_tmp(rq->baseline));
        return;
    }
    printf("\nbaseline: %s run %lld (drsim %s), %s: %zu regression%s\n", esc_tmp(rq->baseline),
           (long long)b->baseline_run, esc_tmp(b->baseline_version),
           b->mode == BASE_IDENTICAL ? "same scenario and seed, trials must be identical"
                                     : "same scenario name, p50/p95 within the tolerance",
           b->regressions, b->regressions == 1 ? "" : "s");
    for (size_t i = 0; i < b->n; i++) {
        const base_finding *f = &b->findings[i];
        if (b->mode == BASE_TOLERANCE && !f->failed)
            continue;
        const char *tag = f->failed ? "FAIL" : "pass";
        if (color)
            printf("  %s%s\033[0m  %s  %s\n", f->failed ? "\033[31;1m" : "\033[32m", tag,
                   esc_tmp(f->variant), esc_tmp(f->message));
        else
            printf("  %s  %s  %s\n", tag, esc_tmp(f->variant), esc_tmp(f->message));
        if (f->detail)
            for (const char *p = f->detail; *p;) {
                const char *nl = strchr(p, '\n');
                size_t len = nl ? (size_t)(nl - p) : strlen(p);
                char line[1024];
                snprintf(line, sizeof line, "%.*s", (int)len, p);
                printf("        %s\n", esc_tmp(line));
                p += len + (nl != NULL);
            }
    }
}

/* Where the report of a run can be made (the database named when it is not
 * the default one, quoted for a shell when it needs to be). */
static void print_report_hint(const exec_request *rq, int64_t run_id)
{
    printf("report: drsim report %lld --format html -o report.html", (long long)run_id);
    if (rq->db != NULL) {
        bool plain = *rq->db != '\0';
        for (const char *p = rq->db; *p && plain; p++)
            plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                           "-_./+=:,@%",
                           *p) != NULL;
        if (plain) {
            printf(" --db %s", rq->db); /* every byte is in the plain set above */
        } else {
            /* Quoted for a shell; a control character is shown escaped (the
             * hint cannot reproduce such a name, but never drives the
             * terminal). */
            const char *safe = esc_tmp(rq->db);
            fputs(" --db '", stdout);
            for (const char *p = safe; *p; p++)
                if (*p == '\'')
                    fputs("'\\''", stdout);
                else
                    putchar(*p);
            putchar('\'');
        }
    }
    putchar('\n');
}

static err_code print_human(const exec_request *rq, store *st, const scn_scenario *s,
                            const outcome *o, err_msg *e)
{
    store_run r;
    err_code rc = store_run_get(st, o->run_id, &r, e);
    if (rc != ERR_OK)
        return rc;
    char took[FMT_MAX];
    printf("run %lld: %s, %llu trials x %llu variants, seed %llu, %s -> %s\n",
           (long long)r.id, esc_tmp(s->name),
           (unsigned long long)(r.trial_end - r.trial_first), (unsigned long long)r.nvariants,
           (unsigned long long)r.seed, fmt_duration(o->seconds, took, sizeof took),
           esc_tmp(store_path(st)));
    bool r_done = r.shard_count <= 1; /* a shard's report is made after the merge */
    if (r.shard_count > 1)
        printf("shard %u/%u: trials %llu..%llu; expectations are judged when the shards are "
               "merged (drsim merge)\n",
               r.shard_index, r.shard_count, (unsigned long long)r.trial_first,
               (unsigned long long)r.trial_end - 1);
    store_run_clear(&r);
    rc = view_summary(st, o->run_id, stdout, e);
    size_t failed = 0;
    if (rc == ERR_OK)
        rc = view_expectations(st, o->run_id, stdout, con_color(), &failed, e);
    if (rc == ERR_OK && o->inconclusive > 0)
        printf("inconclusive: the interval of the statistic at %.4g%% confidence holds the "
               "threshold; more trials would decide%s\n",
               100 * store_confidence(st),
               rq->inconclusive_pass ? " (counted as passing: --inconclusive pass)"
                                     : " (counted as failing; --inconclusive pass to allow)");
    if (rc == ERR_OK)
        print_baseline(rq, o, con_color());
    if (rc == ERR_OK && rq->trace)
        printf("\nmore: drsim show %lld; drsim compare %lld; drsim timeline %lld\n",
               (long long)o->run_id, (long long)o->run_id, (long long)o->run_id);
    else if (rc == ERR_OK)
        printf("\nmore: drsim show %lld; drsim compare %lld\n", (long long)o->run_id,
               (long long)o->run_id);
    if (rc == ERR_OK && r_done)
        print_report_hint(rq, o->run_id);
    return rc;
}

static err_code print_json(const exec_request *rq, store *st, const outcome *outs, size_t n,
                           bool passed, err_msg *e)
{
    jw w;
    jw_init(&w, 2);
    jw_obj_begin(&w);
    jw_key(&w, "runs");
    jw_arr_begin(&w);
    err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < n; i++)
        rc = view_run_json(st, outs[i].run_id, &w, e);
    jw_arr_end(&w);
    if (rq->baseline != NULL) {
        jw_key(&w, "baseline");
        jw_arr_begin(&w);
        for (size_t i = 0; i < n; i++) {
            const base_report *b = &outs[i].base;
            jw_obj_begin(&w);
            jw_key(&w, "run");
            jw_int(&w, outs[i].run_id);
            jw_key(&w, "database");
            jw_str(&w, rq->baseline);
            jw_key(&w, "baseline_run");
            if (b->mode == BASE_NONE)
                jw_null(&w);
            else
                jw_int(&w, b->baseline_run);
            jw_key(&w, "mode");
            jw_str(&w, b->mode == BASE_IDENTICAL ? "identical"
                       : b->mode == BASE_TOLERANCE ? "tolerance"
                                                   : "none");
            jw_key(&w, "tolerance");
            jw_num(&w, rq->tolerance);
            jw_key(&w, "regressions");
            jw_uint(&w, b->regressions);
            jw_key(&w, "findings");
            jw_arr_begin(&w);
            for (size_t k = 0; k < b->n; k++) {
                jw_obj_begin(&w);
                jw_key(&w, "variant");
                jw_str(&w, b->findings[k].variant);
                jw_key(&w, "name");
                jw_str(&w, b->findings[k].name);
                jw_key(&w, "pass");
                jw_bool(&w, !b->findings[k].failed);
                jw_key(&w, "message");
                jw_str(&w, b->findings[k].message);
                jw_key(&w, "detail");
                jw_str(&w, b->findings[k].detail);
                jw_obj_end(&w);
            }
            jw_arr_end(&w);
            jw_obj_end(&w);
        }
        jw_arr_end(&w);
    }
    jw_key(&w, "passed");
    jw_bool(&w, passed);
    jw_obj_end(&w);
    const char *text = jw_text(&w);
    if (rc == ERR_OK && text == NULL)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    if (rc == ERR_OK)
        printf("%s\n", text);
    jw_free(&w);
    return rc;
}

static err_code write_junit(const exec_request *rq, store *st, scn_scenario *const *scns,
                            const outcome *outs, size_t n, err_msg *e)
{
    junit_doc d = {0};
    err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        const outcome *o = &outs[i];
        store_run r;
        rc = store_run_get(st, o->run_id, &r, e);
        if (rc != ERR_OK)
            break;
        char suite[512], num[64];
        snprintf(suite, sizeof suite, "drsim.%.400s", scns[i]->name);
        junit_suite *js = junit_suite_add(&d, suite, r.started_at, o->seconds);
        snprintf(num, sizeof num, "%lld", (long long)r.id);
        junit_property(&d, js, "run", num);
        junit_property(&d, js, "database", store_path(st));
        junit_property(&d, js, "scenario_file", scns[i]->path);
        junit_property(&d, js, "sha256", r.sha256);
        snprintf(num, sizeof num, "%llu", (unsigned long long)r.seed);
        junit_property(&d, js, "seed", num);
        snprintf(num, sizeof num, "%llu", (unsigned long long)(r.trial_end - r.trial_first));
        junit_property(&d, js, "trials", num);
        junit_property(&d, js, "version", r.version);
        store_run_clear(&r);

        store_expectation *xs = NULL;
        size_t nx = 0;
        rc = store_expectations(st, o->run_id, &xs, &nx, e);
        for (size_t k = 0; rc == ERR_OK && k < nx; k++) {
            const store_expectation *x = &xs[k];
            char cls[512], name[256], obs[FMT_MAX], thr[FMT_MAX], miss[FMT_MAX];
            char msg[512], detail[1024];
            snprintf(cls, sizeof cls, "%.250s.%.250s", suite, x->variant);
            snprintf(name, sizeof name, "%.60s.%.20s%s%.30s %.120s", x->metric, x->stat,
                     x->given ? " | " : "", x->given ? x->given : "", x->text ? x->text : x->op);
            view_expectation_values(x, obs, thr, sizeof obs);
            /* The rule as written ("<= 1h20m20s"): the threshold in human
             * units may round it ("1h 20m"). */
            char rule[200];
            if (x->text != NULL)
                snprintf(rule, sizeof rule, "%.190s", x->text);
            else
                snprintf(rule, sizeof rule, "%s %s", x->op, thr);
            snprintf(msg, sizeof msg, "observed %s, expected %.60s.%.20s %s", obs, x->metric,
                     x->stat, rule);
            snprintf(detail, sizeof detail,
                     "variant:  %.200s\nrule:     %.60s.%.20s %.100s (line %u of %.300s)\n"
                     "expected: %s "
                     "(%.17g)\nobserved: %s (%.17g)\ntrials missing the target: %s\n",
                     x->variant, x->metric, x->stat, x->text ? x->text : "", x->line,
                     scns[i]->path, rule, x->threshold, obs, x->observed,
                     fmt_share(x->missed_share, miss, sizeof miss));
            if (x->inconclusive) {
                char why[700];
                snprintf(why, sizeof why,
                         "inconclusive at %.4g%% confidence: the statistic's interval holds "
                         "the threshold (%.500s)",
                         100 * x->level, msg);
                /* Failing unless --inconclusive pass; a skipped case then. */
                junit_case_add(&d, js, cls, name, !rq->inconclusive_pass,
                               rq->inconclusive_pass, why, detail);
            } else {
                junit_case_add(&d, js, cls, name, !x->pass, false, msg, detail);
            }
        }
        store_expectations_free(xs, nx);
        if (!o->judged) {
            char cls[600];
            snprintf(cls, sizeof cls, "%.500s.expectations", suite);
            junit_case_add(&d, js, cls, "expectations", false, true,
                           "a shard: expectations are judged when the shards are merged", NULL);
        } else if (nx == 0) {
            char cls[600];
            snprintf(cls, sizeof cls, "%.500s.run", suite);
            junit_case_add(&d, js, cls, "run completed", false, false, NULL, NULL);
        }
        if (o->compared) {
            const base_report *b = &o->base;
            if (b->mode == BASE_NONE) {
                char cls[600];
                snprintf(cls, sizeof cls, "%.500s.baseline", suite);
                junit_case_add(&d, js, cls, "baseline", false, true,
                               "no earlier run of this scenario in the baseline database",
                               NULL);
            }
            for (size_t k = 0; k < b->n; k++) {
                const base_finding *f = &b->findings[k];
                char cls[600], name[300];
                snprintf(cls, sizeof cls, "%.300s.%.200s.baseline", suite, f->variant);
                snprintf(name, sizeof name, "baseline %.250s", f->name);
                junit_case_add(&d, js, cls, name, f->failed, false, f->message,
                               f->detail ? f->detail : f->message);
            }
        }
    }
    if (rc == ERR_OK)
        rc = junit_write(&d, rq->junit, e);
    junit_free(&d);
    return rc;
}

/* --junit FILE may not name the results database or check's baseline
 * database, one of their companion files (-wal, -shm, -journal: the run just
 * made, or the baseline, would be lost) or a scenario file, through any alias (sim/core/pathid.h): ERR_USAGE, printed.
 * Its directory must exist and be writable, and FILE not be a directory:
 * ERR_IO naming it in *e. */
static err_code check_junit(const exec_request *rq, const char *db, err_msg *e)
{
    if (rq->junit[0] == '\0') {
        con_error(rq->command, "--junit needs a file name (it is empty)");
        return ERR_USAGE;
    }
    if (pathid_collides(rq->junit, db, store_companions)) {
        con_error(rq->command, "--junit %s is the results database %s or one of its files; "
                               "give the report another name", rq->junit, db);
        return ERR_USAGE;
    }
    if (rq->baseline != NULL && pathid_collides(rq->junit, rq->baseline, store_companions)) {
        con_error(rq->command, "--junit %s is the baseline database %s or one of its files; "
                               "give the report another name", rq->junit, rq->baseline);
        return ERR_USAGE;
    }
    static const char *const itself[] = {"", NULL};
    for (size_t i = 0; i < rq->nscenarios; i++)
        if (pathid_collides(rq->junit, rq->scenarios[i], itself)) {
            con_error(rq->command, "--junit %s is a scenario file; give the report another "
                                   "name", rq->junit);
            return ERR_USAGE;
        }
    struct stat sb;
    if (stat(rq->junit, &sb) == 0 && S_ISDIR(sb.st_mode))
        return err_set(e, ERR_IO, "%s: cannot write the JUnit report: it is a directory",
                       rq->junit);
    char dir[4096];
    const char *slash = strrchr(rq->junit, '/');
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == rq->junit ? 1 : (int)(slash - rq->junit),
                 rq->junit);
    if (access(dir, W_OK) != 0) {
        int why = errno;
        if (!(stat(rq->junit, &sb) == 0 && access(rq->junit, W_OK) == 0))
            return err_set(e, ERR_IO, "%s: cannot write the JUnit report: %s (directory %s)",
                           rq->junit, strerror(why), dir);
    }
    return ERR_OK;
}

void exec_signals(bool catch)
{
    static struct sigaction old_int, old_term, old_hup;
    if (!catch) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGHUP, &old_hup, NULL);
        return;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    /* A second Ctrl-C does what Ctrl-C always does: the run is then left as
     * a killed run is (running, no results). */
    sa.sa_flags = (int)(SA_RESETHAND | SA_RESTART);
    sigemptyset(&sa.sa_mask);
    /* A closed terminal (SIGHUP) ends a run as Ctrl-C does. */
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    interrupted = 0;
}

err_code exec_probe(const exec_request *rq, store *st, const scn_scenario *s,
                    const bool *selected, int64_t *run_id, size_t *failed,
                    size_t *inconclusive, err_msg *e)
{
    if ((rq->has_trials ? rq->trials : s->trials) == 0)
        return err_set(e, ERR_INTERNAL, "exec_probe: the trial count is not fixed");
    char *argv_json = con_argv_json(rq->argc, rq->argv);
    char *filter = variants_json(rq);
    if (argv_json == NULL || (rq->nvariants && filter == NULL)) {
        mem_free(argv_json);
        mem_free(filter);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    outcome o = {0};
    err_code rc = run_one(rq, st, s, selected, argv_json, filter, &o, e);
    mem_free(argv_json);
    mem_free(filter);
    if (rc != ERR_OK)
        return rc;
    *run_id = o.run_id;
    *failed = o.failed;
    *inconclusive = o.inconclusive;
    return ERR_OK;
}

err_code exec_run(const exec_request *rq)
{
    err_msg e;
    err_clear(&e);
    err_code rc = ERR_OK;
    size_t n = rq->nscenarios;
    scn_scenario **scns = mem_calloc(n, sizeof *scns);
    bool **selected = mem_calloc(n, sizeof *selected);
    outcome *outs = mem_calloc(n, sizeof *outs);
    char *argv_json = con_argv_json(rq->argc, rq->argv);
    char *filter = variants_json(rq);
    store *st = NULL, *base = NULL;
    if (scns == NULL || selected == NULL || outs == NULL || argv_json == NULL ||
        (rq->nvariants && filter == NULL)) {
        rc = err_set(&e, ERR_NOMEM, "out of memory");
        goto done;
    }

    /* 1. Load and check every scenario before writing anything. */
    for (size_t i = 0; i < n; i++) {
        scn_diags diags;
        scn_diags_init(&diags);
        err_code lrc = scn_load(rq->scenarios[i], &scns[i], &diags);
        scn_diags_print(&diags, stderr);
        scn_diags_free(&diags);
        if (lrc != ERR_OK && rc == ERR_OK)
            rc = lrc;
    }
    if (rc != ERR_OK) {
        if (rc == ERR_NOMEM)
            fprintf(stderr, "drsim: out of memory loading the scenarios\n");
        goto done_quiet;
    }
    for (size_t i = 0; i < n; i++) {
        selected[i] = mem_calloc(scns[i]->nvariants ? scns[i]->nvariants : 1, sizeof **selected);
        if (selected[i] == NULL) {
            rc = err_set(&e, ERR_NOMEM, "out of memory");
            goto done;
        }
        rc = exec_select(rq, scns[i], selected[i]);
        if (rc != ERR_OK)
            goto done_quiet;
    }

    /* A baseline that does not exist is a mistake in the command line, found
     * before anything runs. */
    struct stat bsb;
    if (rq->baseline != NULL && store_check_path(rq->baseline, &e) != ERR_OK) {
        con_error(rq->command, "--baseline: %s", e.text);
        rc = ERR_USAGE;
        goto done_quiet;
    }
    if (rq->baseline != NULL && stat(rq->baseline, &bsb) != 0) {
        con_error(rq->command, "--baseline %s: no such results database", rq->baseline);
        rc = ERR_USAGE;
        goto done_quiet;
    }

    /* The JUnit file: not one of the inputs, and somewhere it can be
     * written, before anything runs. */
    const char *db = con_db_path(rq->db);
    if (rq->junit != NULL) {
        rc = check_junit(rq, db, &e);
        if (rc == ERR_USAGE)
            goto done_quiet;
        if (rc != ERR_OK)
            goto done;
    }

    /* 2. Run each into the store. A run that fails for want of memory is
     * still marked failed: store_run_fail uses this reserve. */
    mem_reserve(EXEC_MEM_RESERVE);
    rc = store_open(db, STORE_WRITE, &st, &e);
    if (rc != ERR_OK)
        goto done;
    if (rq->confidence > 0)
        store_set_confidence(st, rq->confidence);
    if (rq->baseline != NULL) {
        pathid bid, did;
        if (pathid_get(rq->baseline, &bid) && pathid_get(db, &did) && pathid_same(&bid, &did)) {
            base = st;
        } else {
            rc = store_open(rq->baseline, STORE_READ, &base, &e);
            if (rc != ERR_OK)
                goto done;
        }
    }
    exec_signals(true);
    for (size_t i = 0; rc == ERR_OK && i < n; i++)
        rc = run_one(rq, st, scns[i], selected[i], argv_json, filter, &outs[i], &e);
    exec_signals(false);
    if (rc != ERR_OK)
        goto done;

    /* 3. Baselines. */
    for (size_t i = 0; rc == ERR_OK && base != NULL && i < n; i++) {
        rc = base_compare(st, outs[i].run_id, base, rq->tolerance, &outs[i].base, &e);
        outs[i].compared = rc == ERR_OK;
    }
    if (rc != ERR_OK)
        goto done;

    /* 4. Output. */
    bool passed = true;
    size_t failed = 0, regressions = 0, inconclusive = 0;
    for (size_t i = 0; i < n; i++) {
        failed += outs[i].failed;
        inconclusive += outs[i].inconclusive;
        regressions += outs[i].base.regressions;
    }
    passed = failed == 0 && regressions == 0 && (inconclusive == 0 || rq->inconclusive_pass);
    if (rq->json) {
        rc = print_json(rq, st, outs, n, passed, &e);
    } else if (!rq->quiet) {
        for (size_t i = 0; rc == ERR_OK && i < n; i++) {
            if (i > 0)
                printf("\n");
            rc = print_human(rq, st, scns[i], &outs[i], &e);
        }
    }
    if (rc == ERR_OK && rq->junit != NULL)
        rc = write_junit(rq, st, scns, outs, n, &e);
    if (rc != ERR_OK)
        goto done; /* the runs are stored; the output failed: say why */
    if (!passed) {
        if (rq->quiet || rq->json)
            fprintf(stderr,
                    "drsim: %zu expectation%s failed, %zu inconclusive%s, and %zu baseline "
                    "comparison%s failed\n",
                    failed, failed == 1 ? "" : "s", inconclusive,
                    rq->inconclusive_pass ? " (passing: --inconclusive pass)" : "", regressions,
                    regressions == 1 ? "" : "s");
        rc = ERR_FAILED;
    }
    goto done_quiet;

done:
    if (rc != ERR_OK)
        fprintf(stderr, "drsim: %s\n", e.text[0] ? esc_tmp(e.text) : err_name(rc));
done_quiet:
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && (rc == ERR_OK || rc == ERR_FAILED)) {
        fprintf(stderr, "drsim: cannot write the output%s%s\n", errno ? ": " : "",
                errno ? strerror(errno) : "");
        rc = ERR_IO;
    }
    for (size_t i = 0; outs != NULL && i < n; i++)
        base_report_free(&outs[i].base);
    for (size_t i = 0; scns != NULL && i < n; i++)
        scn_free(scns[i]);
    for (size_t i = 0; selected != NULL && i < n; i++)
        mem_free(selected[i]);
    if (base != st)
        store_close(base);
    store_close(st);
    mem_reserve_free();
    mem_free(scns);
    mem_free(selected);
    mem_free(outs);
    mem_free(argv_json);
    mem_free(filter);
    return rc;
}
