/*
 * solve.c — the search of `drsim solve` (see solve.h): probes, the grid and
 * its monotonicity, bisection, and the answer as a table or JSON.
 *
 * Invariants: probes[] holds every probe in the order run (at most
 * SOLVE_MAX_PROBES), each with its judged expectations; the search's two
 * ends `hold` and `fail` are always values probed, with those verdicts;
 * every message names the argument it is about (--param, --range,
 * --resolution, --variant).
 */
#include "sim/run/solve.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/scenario/loader.h"
#include "reports/store/store.h"
#include "reports/text/fmt.h"
#include "reports/text/table.h"
#include "reports/text/view.h"
#include "sim/core/escape.h"
#include "sim/core/jsonw.h"
#include "sim/core/mem.h"
#include "sim/core/units.h"
#include "sim/run/console.h"

#define CMD "solve"

/* Bytes set aside while probes are written (mem_reserve), as exec.c does. */
#define SOLVE_MEM_RESERVE (256 * 1024)

typedef struct probe {
    double x;              /* the value, in the key's base unit */
    char text[64];         /* as substituted: units_format */
    bool holds;
    int64_t run_id;
    store_expectation *xs; /* its judged expectations */
    size_t nx;
} probe;

typedef struct solver {
    const solve_request *rq;
    exec_request run;      /* the probes' runs */
    units_kind kind;
    double lo, hi, res, step;
    store *st;
    bool *selected;
    double level;
    probe probes[SOLVE_MAX_PROBES];
    size_t n;
} solver;

/* ---- Arguments ------------------------------------------------------------------ */

/* LO..HI in the key's unit. ERR_USAGE, printed. */
static err_code parse_range(solver *c)
{
    const char *text = c->rq->range;
    const char *dots = strstr(text, "..");
    if (dots == NULL || dots == text || dots[2] == '\0') {
        con_error(CMD, "--range %s: expected LO..HI, two values of %s's %s such as %s..%s",
                  esc_tmp(text), c->rq->param, units_kind_name(c->kind),
                  units_example(c->kind, 0), units_example(c->kind, 2));
        return ERR_USAGE;
    }
    char lo[128], hi[128];
    snprintf(lo, sizeof lo, "%.*s", (int)(dots - text), text);
    snprintf(hi, sizeof hi, "%s", dots + 2);
    err_msg e;
    if (units_parse(c->kind, lo, &c->lo, &e) != ERR_OK) {
        con_error(CMD, "--range %s: the low end: %s", esc_tmp(text), e.text);
        return ERR_USAGE;
    }
    if (units_parse(c->kind, hi, &c->hi, &e) != ERR_OK) {
        con_error(CMD, "--range %s: the high end: %s", esc_tmp(text), e.text);
        return ERR_USAGE;
    }
    if (!(c->lo < c->hi)) {
        con_error(CMD, "--range %s: the low end must be below the high end", esc_tmp(text));
        return ERR_USAGE;
    }
    return ERR_OK;
}

/* --resolution: a value in the key's unit, or a share of the range ("2%");
 * default 1 % of the range. At least a millionth of the range (20 bisection
 * steps), less than the range. ERR_USAGE, printed. */
static err_code parse_resolution(solver *c)
{
    double span = c->hi - c->lo;
    const char *t = c->rq->resolution;
    c->res = span / 100;
    if (t != NULL) {
        size_t len = strlen(t);
        err_msg e;
        if (len > 1 && t[len - 1] == '%') {
            char num[64];
            snprintf(num, sizeof num, "%.*s", (int)(len - 1), t);
            double pct;
            if (units_parse(UNITS_NUMBER, num, &pct, &e) != ERR_OK || !(pct > 0)) {
                con_error(CMD, "--resolution %s: expected a share of the range above 0%% "
                               "(such as 1%%) or a %s such as %s", esc_tmp(t),
                          units_kind_name(c->kind), units_example(c->kind, 0));
                return ERR_USAGE;
            }
            c->res = span * pct / 100;
        } else if (units_parse(c->kind, t, &c->res, &e) != ERR_OK) {
            con_error(CMD, "--resolution %s: %s (or a share of the range, such as 1%%)",
                      esc_tmp(t), e.text);
            return ERR_USAGE;
        }
    }
    if (!(c->res >= span * 1e-6) || !(c->res < span)) {
        con_error(CMD, "--resolution %s: expected more than a millionth of the range and "
                       "less than the range %s",
                  esc_tmp(t ? t : "1%"), c->rq->range);
        return ERR_USAGE;
    }
    return ERR_OK;
}

/* The round step probe values are rounded to: the largest of 1, 2, 5 x 10^k
 * (durations: also 15 s, 30 s, 1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12
 * hours, days) at most a quarter of the resolution; 0 (no rounding) below
 * the smallest. */
static double round_step(units_kind kind, double res)
{
    double limit = res / 4, best = 0;
    for (int k = -9; k <= 15; k++) {
        static const double m[3] = {1, 2, 5};
        for (int i = 0; i < 3; i++) {
            double s = m[i] * pow(10, k);
            if (kind == UNITS_DURATION && s >= 10)
                continue; /* beyond 10 s, the clock's steps */
            if (s <= limit && s > best)
                best = s;
        }
    }
    if (kind == UNITS_DURATION) {
        static const double clock[] = {10,    15,    30,    60,    120,   300,    600,
                                       900,   1800,  3600,  7200,  10800, 21600,  43200,
                                       86400, 172800, 432000, 864000};
        for (size_t i = 0; i < sizeof clock / sizeof clock[0]; i++)
            if (clock[i] <= limit && clock[i] > best)
                best = clock[i];
    }
    return best;
}

/* x rounded to the step, when that stays strictly between a and b (a < b);
 * else x. */
static double rounded_between(const solver *c, double x, double a, double b)
{
    if (c->step <= 0)
        return x;
    double r = round(x / c->step) * c->step;
    return r > a && r < b ? r : x;
}

/* ---- Probes --------------------------------------------------------------------- */

/* The scenario with the parameter set to `value` (text). ERR_USAGE, printed,
 * when the loader refuses it. */
static err_code load_at(const solver *c, const char *value, const char *which,
                        scn_scenario **s)
{
    scn_setting set = {c->rq->param, value, "--param"};
    scn_diags d;
    scn_diags_init(&d);
    err_code rc = scn_load_set(c->rq->run.scenarios[0], &set, 1, s, &d);
    scn_diags_print(&d, stderr);
    scn_diags_free(&d);
    if (rc == ERR_INPUT) {
        con_error(CMD, "--param %s at %s (%s): the scenario refuses this value (above)",
                  c->rq->param, value, which);
        return ERR_USAGE;
    }
    return rc;
}

/* Runs one probe at x and records it; *holds its verdict. */
static err_code run_probe(solver *c, double x, const char *which, bool *holds, err_msg *e)
{
    if (c->n == SOLVE_MAX_PROBES)
        return err_set(e, ERR_INTERNAL, "solve: more than %d probes", SOLVE_MAX_PROBES);
    probe *p = &c->probes[c->n];
    *p = (probe){.x = x};
    units_format(c->kind, x, p->text, sizeof p->text);
    scn_scenario *s = NULL;
    err_code rc = load_at(c, p->text, which, &s);
    if (rc == ERR_NOMEM)
        return err_set(e, rc, "out of memory loading the scenario");
    if (rc != ERR_OK)
        return rc;
    size_t failed = 0, inconclusive = 0;
    rc = exec_probe(&c->run, c->st, s, c->selected, &p->run_id, &failed, &inconclusive, e);
    scn_free(s);
    if (rc == ERR_OK)
        rc = store_expectations(c->st, p->run_id, &p->xs, &p->nx, e);
    if (rc != ERR_OK)
        return rc;
    c->n++;
    p->holds = failed == 0 && (inconclusive == 0 || c->rq->run.inconclusive_pass);
    *holds = p->holds;
    if (con_progress(c->rq->json))
        fprintf(stderr, "drsim solve: probe %zu: %s = %s: %s\n", c->n, c->rq->param, p->text,
                p->holds ? "holds" : "fails");
    return ERR_OK;
}

/* ---- Output --------------------------------------------------------------------- */

typedef enum outcome {
    OUT_FOUND = 0,   /* a threshold, bracketed */
    OUT_EVERYWHERE,  /* holds at every grid point */
    OUT_NOWHERE,     /* holds at none */
    OUT_NOT_MONOTONE
} outcome;

static const char *const outcome_names[] = {"found", "everywhere", "nowhere", "not monotone"};

typedef struct answer {
    outcome what;
    bool max;            /* the largest (else the smallest) is asked for */
    double value;        /* OUT_FOUND and OUT_EVERYWHERE: the answer */
    double hold, fail;   /* OUT_FOUND: the bracket's ends */
    bool at_end;         /* the answer is an end of the range, not the threshold */
    char line[1024];     /* the answer, as a sentence */
} answer;

/* The probes' indices in value order (order holds SOLVE_MAX_PROBES);
 * returns how many. */
static size_t value_order(const solver *c, size_t *order)
{
    size_t n = c->n < SOLVE_MAX_PROBES ? c->n : SOLVE_MAX_PROBES;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && c->probes[order[j - 1]].x > c->probes[order[j]].x; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return n;
}

/* "rto.p95 <= 2h", "rpo.p50 | failed_over >= 20s" */
static void rule_name(const store_expectation *x, char *buf, size_t n)
{
    snprintf(buf, n, "%s.%s%s%s %s", x->metric, x->stat, x->given ? " | " : "",
             x->given ? x->given : "", x->text ? x->text : x->op);
}

static err_code print_table(const solver *c, err_msg *e)
{
    const probe *first = &c->probes[0];
    tbl *t = tbl_new(2 + first->nx, 0);
    if (t == NULL)
        return err_set(e, ERR_NOMEM, "out of memory");
    tbl_cell(t, "%s", c->rq->param);
    tbl_cell(t, "verdict");
    for (size_t k = 0; k < first->nx; k++) {
        char rule[256];
        rule_name(&first->xs[k], rule, sizeof rule);
        tbl_cell(t, "%s: %s", first->xs[k].variant, rule);
    }
    size_t order[SOLVE_MAX_PROBES];
    size_t n = value_order(c, order);
    for (size_t i = 0; i < n; i++) {
        const probe *p = &c->probes[order[i]];
        tbl_cell(t, "%s", p->text);
        tbl_cell(t, "%s", p->holds ? "holds" : "fails");
        for (size_t k = 0; k < first->nx; k++) {
            if (k >= p->nx) {
                tbl_cell(t, "-");
                continue;
            }
            const store_expectation *x = &p->xs[k];
            char obs[FMT_MAX], thr[FMT_MAX], lo[FMT_MAX], hi[FMT_MAX];
            view_expectation_values(x, obs, thr, sizeof obs);
            if (view_expectation_interval(x, lo, hi, sizeof lo))
                tbl_cell(t, "%s %s [%s, %s]", view_verdict(x), obs, lo, hi);
            else
                tbl_cell(t, "%s %s", view_verdict(x), obs);
        }
    }
    err_code rc = tbl_print(t, stdout, true);
    tbl_free(t);
    if (rc == ERR_NOMEM)
        return err_set(e, rc, "out of memory");
    return rc == ERR_OK ? ERR_OK : err_set(e, rc, "cannot write the output");
}

static void json_probe(jw *w, const probe *p, bool keep)
{
    jw_obj_begin(w);
    jw_key(w, "value");
    jw_str(w, p->text);
    jw_key(w, "base");
    jw_num(w, p->x);
    jw_key(w, "holds");
    jw_bool(w, p->holds);
    jw_key(w, "run");
    if (keep)
        jw_int(w, p->run_id);
    else
        jw_null(w); /* the scratch database is gone */
    jw_key(w, "expectations");
    jw_arr_begin(w);
    for (size_t k = 0; k < p->nx; k++) {
        const store_expectation *x = &p->xs[k];
        char rule[256];
        rule_name(x, rule, sizeof rule);
        jw_obj_begin(w);
        jw_key(w, "variant");
        jw_str(w, x->variant);
        jw_key(w, "rule");
        jw_str(w, rule);
        jw_key(w, "verdict");
        jw_str(w, x->inconclusive ? "inconclusive" : x->pass ? "pass" : "fail");
        jw_key(w, "observed");
        if (isnan(x->observed))
            jw_null(w);
        else
            jw_num(w, x->observed);
        jw_key(w, "interval");
        if (isnan(x->observed_lo) || isnan(x->observed_hi)) {
            jw_null(w);
        } else {
            jw_arr_begin(w);
            jw_num(w, x->observed_lo);
            jw_num(w, x->observed_hi);
            jw_arr_end(w);
        }
        jw_key(w, "threshold");
        jw_num(w, x->threshold);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_obj_end(w);
}

static err_code print_json(const solver *c, const answer *a, err_msg *e)
{
    jw w;
    jw_init(&w, 2);
    char lo[64], hi[64], res[64];
    units_format(c->kind, c->lo, lo, sizeof lo);
    units_format(c->kind, c->hi, hi, sizeof hi);
    units_format(c->kind, c->res, res, sizeof res);
    jw_obj_begin(&w);
    jw_key(&w, "scenario");
    jw_str(&w, c->rq->run.scenarios[0]);
    jw_key(&w, "param");
    jw_str(&w, c->rq->param);
    jw_key(&w, "unit");
    jw_str(&w, units_kind_name(c->kind));
    jw_key(&w, "range");
    jw_arr_begin(&w);
    jw_str(&w, lo);
    jw_str(&w, hi);
    jw_arr_end(&w);
    jw_key(&w, "resolution");
    jw_str(&w, res);
    jw_key(&w, "find");
    jw_str(&w, a->max ? "max" : "min");
    jw_key(&w, "confidence");
    jw_num(&w, c->level);
    jw_key(&w, "inconclusive");
    jw_str(&w, c->rq->run.inconclusive_pass ? "pass" : "fail");
    jw_key(&w, "trials");
    jw_uint(&w, c->run.trials);
    jw_key(&w, "seed");
    jw_uint(&w, c->run.seed);
    jw_key(&w, "probes");
    jw_arr_begin(&w);
    size_t order[SOLVE_MAX_PROBES];
    size_t n = value_order(c, order);
    for (size_t i = 0; i < n; i++)
        json_probe(&w, &c->probes[order[i]], c->rq->run.db != NULL);
    jw_arr_end(&w);
    jw_key(&w, "outcome");
    jw_str(&w, outcome_names[a->what]);
    jw_key(&w, "answer");
    if (a->what == OUT_FOUND || a->what == OUT_EVERYWHERE) {
        char v[64];
        units_format(c->kind, a->value, v, sizeof v);
        jw_str(&w, v);
    } else {
        jw_null(&w);
    }
    jw_key(&w, "at_range_end");
    jw_bool(&w, a->at_end || a->what == OUT_EVERYWHERE);
    jw_key(&w, "bracket");
    if (a->what == OUT_FOUND) {
        char h[64], f[64];
        double x0 = a->hold < a->fail ? a->hold : a->fail, x1 = a->hold < a->fail ? a->fail : a->hold;
        units_format(c->kind, x0, h, sizeof h);
        units_format(c->kind, x1, f, sizeof f);
        jw_arr_begin(&w);
        jw_str(&w, h);
        jw_str(&w, f);
        jw_arr_end(&w);
    } else {
        jw_null(&w);
    }
    jw_key(&w, "message");
    jw_str(&w, a->line);
    jw_obj_end(&w);
    const char *text = jw_text(&w);
    err_code rc = ERR_OK;
    if (text == NULL)
        rc = err_set(e, ERR_NOMEM, "out of memory");
    else
        printf("%s\n", text);
    jw_free(&w);
    return rc;
}

/* "at 1h", "at 1h and 2h", "at 1h, 2h and 3h" */
static size_t list_values(char *buf, size_t n, const probe *const *ps, size_t k)
{
    size_t used = (size_t)snprintf(buf, n, "at ");
    for (size_t i = 0; i < k && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s",
                                 i == 0 ? "" : i + 1 == k ? " and " : ", ", ps[i]->text);
    return used;
}

/* The refusal: each grid value with its verdict, runs of the same verdict
 * together ("hold at 0s, fail at 1h, hold again at 2h and 3h"). */
static void not_monotone(const solver *c, const probe *const *grid, size_t ng, char *buf,
                         size_t n)
{
    size_t used = (size_t)snprintf(buf, n, "the expectations ");
    bool seen[2] = {false, false};
    for (size_t i = 0; i < ng && used < n;) {
        size_t j = i;
        while (j < ng && grid[j]->holds == grid[i]->holds)
            j++;
        bool h = grid[i]->holds;
        used += (size_t)snprintf(buf + used, n - used, "%s%s%s ", i ? ", " : "",
                                 h ? "hold" : "fail", seen[h] ? " again" : "");
        seen[h] = true;
        if (used < n)
            used += list_values(buf + used, n - used, grid + i, j - i);
        i = j;
    }
    char lo[64], hi[64];
    units_format(c->kind, c->lo, lo, sizeof lo);
    units_format(c->kind, c->hi, hi, sizeof hi);
    if (used < n)
        snprintf(buf + used, n - used, ": the response is not monotone in %s over %s..%s; "
                                       "narrow the range",
                 c->rq->param, lo, hi);
}

/* ---- The search ----------------------------------------------------------------- */

static err_code search(solver *c, answer *a, err_msg *e)
{
    double grid[5];
    bool g[5];
    const probe *gp[5];
    const char *which[5] = {"the low end of --range", "a grid point", "a grid point",
                            "a grid point", "the high end of --range"};
    grid[0] = c->lo;
    grid[4] = c->hi;
    for (int k = 1; k < 4; k++)
        grid[k] = rounded_between(c, c->lo + (c->hi - c->lo) * k / 4, grid[k - 1], c->hi);
    /* LO and HI first: a value the scenario refuses is found before the
     * interior is run. */
    static const int run_order[5] = {0, 4, 1, 2, 3};
    for (int i = 0; i < 5; i++) {
        int k = run_order[i];
        err_code rc = run_probe(c, grid[k], which[k], &g[k], e);
        if (rc != ERR_OK)
            return rc;
        gp[k] = &c->probes[c->n - 1];
    }
    int changes = 0, t = -1;
    for (int k = 0; k + 1 < 5; k++)
        if (g[k] != g[k + 1]) {
            changes++;
            t = k + 1;
        }
    a->max = c->rq->find == SOLVE_FIND_MAX || (c->rq->find == SOLVE_FIND_AUTO && g[0]);
    char lo[64], hi[64], level[64];
    units_format(c->kind, c->lo, lo, sizeof lo);
    units_format(c->kind, c->hi, hi, sizeof hi);
    snprintf(level, sizeof level, "%.4g%%%s", 100 * c->level,
             c->rq->run.inconclusive_pass ? " (inconclusive counted as holding)" : "");
    if (changes > 1) {
        a->what = OUT_NOT_MONOTONE;
        not_monotone(c, gp, 5, a->line, sizeof a->line);
        return ERR_OK;
    }
    if (changes == 0 && g[0]) {
        a->what = OUT_EVERYWHERE;
        a->value = a->max ? c->hi : c->lo;
        snprintf(a->line, sizeof a->line,
                 "every expectation holds at %s over the whole range %s..%s of %s: the %s is "
                 "%s or %s (%zu probes of %llu trials)",
                 level, lo, hi, c->rq->param, a->max ? "largest" : "smallest",
                 a->max ? hi : lo, a->max ? "above" : "below", c->n,
                 (unsigned long long)c->run.trials);
        return ERR_OK;
    }
    if (changes == 0) {
        a->what = OUT_NOWHERE;
        snprintf(a->line, sizeof a->line,
                 "no value of %s in %s..%s meets every expectation at %s (%zu probes of %llu "
                 "trials)",
                 c->rq->param, lo, hi, level, c->n, (unsigned long long)c->run.trials);
        return ERR_OK;
    }
    /* One change, between grid[t - 1] and grid[t]: bisect it. */
    bool prefix = g[0]; /* holds below the threshold */
    double hold = prefix ? grid[t - 1] : grid[t], fail = prefix ? grid[t] : grid[t - 1];
    while (fabs(fail - hold) > c->res) {
        double a0 = hold < fail ? hold : fail, b0 = hold < fail ? fail : hold;
        double m = rounded_between(c, (hold + fail) / 2, a0, b0);
        if (!(m > a0 && m < b0))
            break; /* the doubles between them are exhausted */
        bool h = false;
        err_code rc = run_probe(c, m, "a bisection point", &h, e);
        if (rc != ERR_OK)
            return rc;
        if (h)
            hold = m;
        else
            fail = m;
    }
    a->what = OUT_FOUND;
    a->hold = hold;
    a->fail = fail;
    char hs[64], fs[64], v[64];
    units_format(c->kind, hold, hs, sizeof hs);
    units_format(c->kind, fail, fs, sizeof fs);
    const char *b0 = prefix ? hs : fs, *b1 = prefix ? fs : hs;
    if (a->max == prefix) {
        /* The threshold is the answer: the last value that held. */
        a->value = hold;
        snprintf(a->line, sizeof a->line,
                 "%s %s for which every expectation holds at %s: %s (bracket %s .. %s, %zu "
                 "probes of %llu trials)",
                 a->max ? "largest" : "smallest", c->rq->param, level, hs, b0, b1, c->n,
                 (unsigned long long)c->run.trials);
    } else {
        /* Asked for the other end: the range's own end holds. */
        a->at_end = true;
        a->value = a->max ? c->hi : c->lo;
        units_format(c->kind, a->value, v, sizeof v);
        snprintf(a->line, sizeof a->line,
                 "%s %s for which every expectation holds at %s: %s, the %s end of the range "
                 "(they hold only %s a threshold in %s .. %s; %zu probes of %llu trials)",
                 a->max ? "largest" : "smallest", c->rq->param, level, v,
                 a->max ? "high" : "low", prefix ? "below" : "above", b0, b1, c->n,
                 (unsigned long long)c->run.trials);
    }
    return ERR_OK;
}

/* ---- The command ---------------------------------------------------------------- */

/* The scratch database: a temporary file, removed with its companions. */
static err_code scratch_open(char *path, size_t size, err_msg *e)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, size, "%s/drsim-solve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return err_set(e, ERR_IO, "solve: cannot create a scratch database in %s: %s",
                       tmp && *tmp ? tmp : "/tmp", strerror(errno));
    close(fd);
    unlink(path); /* store_open creates it as a database */
    return ERR_OK;
}

static void scratch_remove(const char *path)
{
    char p[PATH_MAX + 16];
    for (size_t k = 0; store_companions[k] != NULL; k++) {
        snprintf(p, sizeof p, "%s%s", path, store_companions[k]);
        unlink(p);
    }
}

/* Whether some rule judges a selected variant. */
static bool has_expectations(const scn_scenario *s, const bool *selected)
{
    for (size_t r = 0; r < s->nexpects; r++)
        for (size_t v = 0; v < s->nvariants; v++)
            if (selected[v] && oc_name_selects(s->expects[r].target, s->variants[v].name,
                                               s->variants[v].strategy->name))
                return true;
    return false;
}

err_code solve_run(const solve_request *rq)
{
    err_msg e;
    err_clear(&e);
    solver *c = mem_calloc(1, sizeof *c);
    scn_scenario *plain = NULL;
    char scratch[PATH_MAX] = "";
    answer a = {0};
    err_code rc = ERR_OK;
    if (c == NULL) {
        rc = err_set(&e, ERR_NOMEM, "out of memory");
        goto done;
    }
    c->rq = rq;

    /* The parameter, the range and the resolution. */
    bool is_dist = false;
    rc = scn_path_quantity(rq->param, &c->kind, &is_dist, &e);
    if (rc != ERR_OK) {
        con_error(CMD, "--param %s", esc_tmp(e.text));
        rc = ERR_USAGE;
        goto done_quiet;
    }
    rc = parse_range(c);
    if (rc == ERR_OK)
        rc = parse_resolution(c);
    if (rc != ERR_OK)
        goto done_quiet;
    c->step = round_step(c->kind, c->res);

    /* The scenario as written: valid, a fixed trial count, expectations on
     * the selected variants. */
    scn_diags d;
    scn_diags_init(&d);
    rc = scn_load(rq->run.scenarios[0], &plain, &d);
    scn_diags_print(&d, stderr);
    scn_diags_free(&d);
    if (rc == ERR_NOMEM) {
        rc = err_set(&e, rc, "out of memory loading the scenario");
        goto done;
    }
    if (rc != ERR_OK)
        goto done_quiet;
    c->selected = mem_calloc(plain->nvariants ? plain->nvariants : 1, sizeof *c->selected);
    if (c->selected == NULL) {
        rc = err_set(&e, ERR_NOMEM, "out of memory");
        goto done;
    }
    rc = exec_select(&rq->run, plain, c->selected);
    if (rc != ERR_OK)
        goto done_quiet;
    if (!has_expectations(plain, c->selected)) {
        con_error(CMD, "%s: solve needs expectations (expect:) on the selected variants",
                  esc_tmp(plain->path));
        rc = ERR_USAGE;
        goto done_quiet;
    }
    c->run = rq->run;
    c->run.command = CMD;
    c->run.trials = rq->run.has_trials ? rq->run.trials : plain->trials;
    c->run.seed = rq->run.has_seed ? rq->run.seed : plain->seed;
    c->run.has_trials = c->run.has_seed = true;
    c->run.shard_index = c->run.shard_count = 1;
    c->run.trace = 0;
    c->run.verify = false;
    c->run.quiet = true;
    c->run.json = false;
    c->run.junit = NULL;
    c->run.baseline = NULL;
    if (c->run.trials == 0) {
        con_error(CMD, "%s: solve compares every probe on the same trials, so it needs a "
                       "fixed count: the scenario has trials: auto; give --trials N",
                  esc_tmp(plain->path));
        rc = ERR_USAGE;
        goto done_quiet;
    }

    /* The probes' database. */
    const char *db = rq->run.db;
    if (db == NULL) {
        rc = scratch_open(scratch, sizeof scratch, &e);
        if (rc != ERR_OK)
            goto done;
        db = scratch;
    }
    /* A probe that fails for want of memory is still marked failed in --db:
     * store_run_fail uses this reserve (as run's runs do). */
    mem_reserve(SOLVE_MEM_RESERVE);
    rc = store_open(db, STORE_WRITE, &c->st, &e);
    if (rc != ERR_OK)
        goto done;
    c->level = rq->run.confidence > 0 ? rq->run.confidence : STORE_DEFAULT_CONFIDENCE;
    store_set_confidence(c->st, c->level);

    exec_signals(true);
    rc = search(c, &a, &e);
    exec_signals(false);
    if (rc == ERR_USAGE)
        goto done_quiet;
    if (rc != ERR_OK)
        goto done;

    if (rq->json) {
        rc = print_json(c, &a, &e);
    } else {
        rc = print_table(c, &e);
        if (rc == ERR_OK)
            printf("\n%s\n", a.line);
        if (rc == ERR_OK && rq->run.db != NULL)
            printf("runs: %lld..%lld in %s (drsim show RUN)\n", (long long)c->probes[0].run_id,
                   (long long)c->probes[c->n - 1].run_id, esc_tmp(rq->run.db));
    }
    if (rc != ERR_OK)
        goto done;
    if (a.what == OUT_NOT_MONOTONE || a.what == OUT_NOWHERE) {
        if (rq->json) /* the tables say it on stdout; JSON readers get a line too */
            con_error(CMD, "%s", a.line);
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
    if (c != NULL) {
        for (size_t i = 0; i < c->n; i++)
            store_expectations_free(c->probes[i].xs, c->probes[i].nx);
        store_close(c->st);
        mem_free(c->selected);
    }
    if (scratch[0])
        scratch_remove(scratch);
    scn_free(plain);
    mem_free(c);
    mem_reserve_free();
    return rc;
}
