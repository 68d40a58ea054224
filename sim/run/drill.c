/*
 * drill.c — the game master of `drsim drill` (drill.h).
 *
 * State: the trial being played (seed, trial), the instant of its first
 * alert (t_alert: the page that opens the drill), the clock (now, never
 * before t_alert nor past the horizon), and the team's runbook: one step
 * per action, at its time after t_alert. The world is never stepped
 * forward in place: every look at instant t replays the trial from its
 * start under the runbook up to t (replay()), which is what makes a drill,
 * its script and `drsim run` of the same runbook one computation.
 *
 * Invariants: steps are in time order (an action is taken now, and the
 * clock never goes back); `shown_alerts` alerts have been printed; after
 * `ended`, only drill_close is valid.
 */
#include "sim/run/drill.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/outcome.h"
#include "models/scenario/action.h"
#include "models/world/opview.h"
#include "models/world/world.h"
#include "reports/store/store.h"
#include "reports/text/drillview.h"
#include "sim/core/mem.h"
#include "sim/core/units.h"
#include "sim/core/version.h"
#include "sim/kernel/rng.h"
#include "sim/run/console.h"
#include "sim/run/runner.h"

/* How many trials drill_open looks through for one that disrupts the
 * application before it gives up. */
#define PICK_TRIES 10000u

struct drill {
    const scn_scenario *s;
    const scn_world *cfg;      /* world 0: the scenario's first sweep point */
    drill_options o;
    uint64_t seed, trial;
    scn_strategy team;         /* the team's runbook */
    scn_step *steps;
    char **texts;              /* each step's text, owned */
    double *walls;             /* the wall-clock instant each was given (0: script) */
    size_t nsteps, cap;
    world *w;                  /* replayed for every look */
    sim_time t_alert, now, horizon;
    size_t shown_alerts;
    bool said_recovered;
    bool ended;
    double created;
    int64_t id;
    bool passed;
};

/* ---- time -------------------------------------------------------------------- */

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "+45m", "+2h 10m" since the first alert. */
static const char *since(const drill *d, sim_time t, char *buf, size_t n)
{
    char dur[32];
    ov_duration((double)(t - d->t_alert) / 1e6, dur, sizeof dur);
    snprintf(buf, n, "+%s", dur);
    return buf;
}

static void stamp(const drill *d, sim_time t, strbuf *out)
{
    char clock[32], rel[40];
    sb_printf(out, "[%s %s] ", ov_clock(t, clock, sizeof clock), since(d, t, rel, sizeof rel));
}

/* ---- the world, replayed --------------------------------------------------------- */

static err_code replay(drill *d, sim_time until, err_msg *e)
{
    d->team.steps = d->steps;
    d->team.nsteps = d->nsteps;
    err_code rc = world_trial_begin(d->w, d->seed, d->trial, NULL, e);
    if (rc == ERR_OK)
        rc = world_trial_advance(d->w, until, e);
    return rc;
}

/* The strategy whose setup the team's actions use: the first of kind asr
 * (Site Recovery's target and plan), else the first geo-restore or restore,
 * else the defaults — as a runbook's `like`. */
static void team_strategy(drill *d)
{
    const scn_strategy *base = NULL;
    for (size_t v = 0; v < d->s->nvariants; v++) {
        const scn_variant *x = &d->s->variants[v];
        if (x->world_index != 0)
            continue;
        if (x->strategy->kind == SCN_ASR) {
            base = x->strategy;
            break;
        }
        if (base == NULL && (x->strategy->kind == SCN_GEO_RESTORE || x->strategy->kind == SCN_RESTORE))
            base = x->strategy;
    }
    if (base != NULL)
        d->team = *base;
    else
        d->team = d->s->variants[0].strategy[0];
    d->team.name = "team";
    d->team.kind = SCN_RUNBOOK;
    d->team.like = base ? base->name : NULL;
    d->team.site_recovery = base != NULL && base->kind == SCN_ASR;
    d->team.failback = d->team.test_failover = d->team.fail_over_data = false;
    d->team.failover_planned = false;
    if (base == NULL) {
        d->team.recovery_point = SCN_RP_LATEST_PROCESSED;
        d->team.regain_geo = false;
    }
    d->team.steps = NULL;
    d->team.nsteps = 0;
}

/* Whether trial t disrupts the application (it has a first alert). */
static err_code disrupts(drill *d, uint64_t t, bool *yes, err_msg *e)
{
    err_code rc = world_trial_begin(d->w, d->seed, t, NULL, e);
    if (rc == ERR_OK)
        rc = world_trial_advance(d->w, d->horizon, e);
    *yes = rc == ERR_OK && world_first_alert(d->w) != SIM_NEVER;
    return rc;
}

static err_code pick_trial(drill *d, err_msg *e)
{
    uint64_t trials = d->s->trials ? d->s->trials : PICK_TRIES;
    if (d->o.has_trial) {
        bool yes;
        err_code rc = disrupts(d, d->o.trial, &yes, e);
        if (rc != ERR_OK)
            return rc;
        if (yes) {
            d->trial = d->o.trial;
            return ERR_OK;
        }
        uint64_t next = d->o.trial + 1;
        for (; next < d->o.trial + PICK_TRIES; next++) {
            if ((rc = disrupts(d, next, &yes, e)) != ERR_OK)
                return rc;
            if (yes)
                break;
        }
        return err_set(e, ERR_INPUT,
                       "--trial %llu: its outages do not disrupt the application, so there is "
                       "nothing to rehearse (trial %llu does)",
                       (unsigned long long)d->o.trial, (unsigned long long)next);
    }
    rng r = rng_stream(d->o.pick, 0, rng_name_id("drill_pick"));
    uint64_t first = rng_bounded(&r, (uint32_t)(trials > UINT32_MAX ? UINT32_MAX : trials));
    for (uint64_t k = 0; k < PICK_TRIES; k++) {
        bool yes;
        uint64_t t = first + k;
        err_code rc = disrupts(d, t, &yes, e);
        if (rc != ERR_OK)
            return rc;
        if (yes) {
            d->trial = t;
            return ERR_OK;
        }
    }
    return err_set(e, ERR_INPUT,
                   "no trial from %llu to %llu disrupts the application: nothing to rehearse "
                   "(do the scenario's outages reach it?)",
                   (unsigned long long)first, (unsigned long long)(first + PICK_TRIES - 1));
}

/* ---- what became visible ------------------------------------------------------------ */

static void print_alert(const drill *d, const ov_alert *a, strbuf *out)
{
    stamp(d, a->t, out);
    if (a->kind == SCN_ALERT_STATUS) {
        sb_printf(out, "STATUS PAGE (%s): %s", a->subject, a->text);
        if (a->eta > 0) {
            char eta[32], clock[32];
            ov_duration(a->eta, eta, sizeof eta);
            sb_printf(out, " [ETA %s: %s]", eta,
                      ov_clock(a->t + (sim_time)(a->eta * 1e6), clock, sizeof clock));
        }
    } else {
        sb_printf(out, "ALERT %s", a->text);
    }
    sb_str(out, "\n");
}

/* Prints, in time order, the alerts fired up to now and not yet shown, and
 * the application serving again (once, at the instant it did). */
static void show_news(drill *d, strbuf *out)
{
    sim_time back = world_recovered_at(d->w);
    for (size_t i = d->shown_alerts; i <= ov_nalerts(d->w); i++) {
        ov_alert a = i < ov_nalerts(d->w) ? ov_alert_at(d->w, i) : (ov_alert){.t = SIM_NEVER};
        if (!d->said_recovered && back <= d->now && back < a.t) {
            d->said_recovered = true;
            stamp(d, back, out);
            sb_str(out, "The application serves again. Type `end` for the debrief, or go on "
                        "(commit, re-protect).\n");
        }
        if (i == ov_nalerts(d->w) || a.t > d->now)
            break;
        print_alert(d, &a, out);
        d->shown_alerts = i + 1;
    }
}

static err_code advance_to(drill *d, sim_time t, strbuf *out, drill_state *state, err_msg *e);

/* ---- the debrief ---------------------------------------------------------------- */

typedef struct dist_sink {
    const scn_scenario *s;
    size_t nvar;
    double *values[OC_NMETRICS]; /* per metric: nvar * cap values */
    size_t *n;                   /* per variant and metric */
    size_t cap;
} dist_sink;

static const oc_metric ranked[] = {OC_RTO, OC_RPO, OC_DATA_LOSS_WRITES, OC_OUTAGE_COST};
enum { NRANKED = sizeof ranked / sizeof ranked[0] };

static err_code collect(void *ctx, uint32_t variant, const oc_trial *t,
                        const oc_timeline *timeline, err_msg *e)
{
    dist_sink *k = ctx;
    (void)timeline;
    (void)e;
    if (!t->present[OC_DISRUPTED] || t->value[OC_DISRUPTED] == 0)
        return ERR_OK; /* outages that never reach the app are not the team's kind */
    for (size_t i = 0; i < NRANKED; i++) {
        double v = oc_rank_value(t, ranked[i]);
        if (isnan(v))
            continue;
        size_t *n = &k->n[variant * NRANKED + i];
        if (*n < k->cap)
            k->values[i][variant * k->cap + (*n)++] = v;
    }
    return ERR_OK;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static double quantile(const double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    size_t k = (size_t)ceil(q * (double)n);
    return v[k == 0 ? 0 : k - 1];
}

static const oc_trial *team_of(const store_drill_play *plays)
{
    return &plays[0].outcome;
}

/* The scenario's expectations judged on the team's single result: those of
 * its runbook strategies (the team's targets), or, when it has none, every
 * rule once per metric and operator. */
static size_t judge(const drill *d, const oc_trial *team, store_drill_verdict *out, char **texts)
{
    const scn_scenario *s = d->s;
    bool any_runbook = false;
    for (size_t v = 0; v < s->nvariants; v++)
        any_runbook |= s->variants[v].strategy->kind == SCN_RUNBOOK;
    size_t n = 0;
    for (size_t i = 0; i < s->nexpects; i++) {
        const scn_expect *x = &s->expects[i];
        bool mine = !any_runbook;
        for (size_t v = 0; any_runbook && v < s->nvariants; v++)
            mine |= s->variants[v].strategy->kind == SCN_RUNBOOK &&
                    oc_name_selects(x->target, s->variants[v].name, s->variants[v].strategy->name);
        const oc_metric_info *m = oc_metric_find(x->metric);
        if (!mine || m == NULL || x->given != NULL)
            continue;
        char buf[160];
        snprintf(buf, sizeof buf, "%s.%s %s", x->metric, x->stat, x->text);
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup |= strcmp(texts[j], buf) == 0;
        if (dup)
            continue;
        double v = oc_rank_value(team, m->id);
        if ((texts[n] = mem_strdup(buf)) == NULL)
            break;
        out[n] = (store_drill_verdict){texts[n], x->metric, v,
                                       !isnan(v) && oc_compare(v, x->op, x->threshold)};
        n++;
    }
    return n;
}

/* The stored drill's debrief (drillview.h) appended to out. */
static err_code debrief_text(const store_drill *back, strbuf *out, err_msg *e)
{
    char *buf = NULL;
    err_code rc = dview_debrief_string(back, &buf, e);
    if (rc == ERR_OK)
        sb_str(out, buf);
    free(buf);
    return rc;
}

static err_code debrief(drill *d, const char *ended, strbuf *out, err_msg *e)
{
    const scn_scenario *s = d->s;
    err_code rc = ERR_OK;
    oc_timeline tl = {.enabled = true};
    size_t nplays = 1, nv = 0;
    uint32_t *vars = mem_calloc(s->nvariants + 1, sizeof *vars);
    store_drill_play *plays = mem_calloc(s->nvariants + 1, sizeof *plays);
    store_drill_rank *ranks = mem_calloc((s->nvariants + 1) * NRANKED, sizeof *ranks);
    store_drill_verdict *verdicts = mem_calloc(s->nexpects + 1, sizeof *verdicts);
    char **vtexts = mem_calloc(s->nexpects + 1, sizeof *vtexts);
    store_drill_action *acts = mem_calloc(d->nsteps + 1, sizeof *acts);
    bool *selected = mem_calloc(s->nvariants + 1, sizeof *selected);
    dist_sink sink = {.s = s, .nvar = s->nvariants};
    store *st = NULL;
    store_drill *back = NULL;
    char **answers = NULL;
    size_t nranks = 0, nverdicts = 0;
    if (!vars || !plays || !ranks || !verdicts || !vtexts || !acts || !selected) {
        rc = err_set(e, ERR_NOMEM, "out of memory in the debrief");
        goto done;
    }

    /* The team's play, to the horizon, with its timeline. */
    d->team.steps = d->steps;
    d->team.nsteps = d->nsteps;
    plays[0].who = "team";
    plays[0].team = true;
    if ((rc = world_run_trial(d->w, d->seed, d->trial, &plays[0].outcome, &tl, e)) != ERR_OK)
        goto done;
    for (size_t i = 0; i < d->nsteps && i < ov_nacts(d->w); i++) {
        ov_act a = ov_act_at(d->w, i);
        acts[a.step] = (store_drill_action){(double)(a.t - d->t_alert) / 1e6, d->walls[a.step],
                                            d->texts[a.step], a.answer, a.refused};
    }
    /* Actions are answered in the world at their instants: copy the
     * answers before the world runs again. */
    answers = mem_calloc(d->nsteps + 1, sizeof *answers);
    if (answers == NULL) {
        rc = err_set(e, ERR_NOMEM, "out of memory in the debrief");
        goto done;
    }
    for (size_t i = 0; i < d->nsteps; i++) {
        answers[i] = mem_strdup(acts[i].answer ? acts[i].answer : "not taken: past the horizon");
        acts[i].answer = answers[i];
        if (acts[i].text == NULL)
            acts[i] = (store_drill_action){(double)d->steps[i].at, d->walls[i], d->texts[i],
                                           answers[i], true};
    }

    /* The same trial under each strategy of world 0. */
    for (size_t v = 0; v < s->nvariants; v++) {
        const scn_variant *x = &s->variants[v];
        if (x->world_index != 0)
            continue;
        world_limits lim = {WORLD_DEFAULT_MAX_EVENTS, WORLD_DEFAULT_MAX_PENDING};
        world *w = world_create(x->world, x->strategy, &lim, e);
        if (w == NULL) {
            rc = ERR_NOMEM;
            goto done;
        }
        plays[nplays].who = x->name;
        rc = world_run_trial(w, d->seed, d->trial, &plays[nplays].outcome, NULL, e);
        world_destroy(w);
        if (rc != ERR_OK)
            goto done;
        vars[nv++] = (uint32_t)v;
        selected[v] = true;
        nplays++;
    }

    /* Each strategy's distribution over the outages that reach the app. */
    uint64_t m = d->o.debrief_trials ? d->o.debrief_trials
                 : s->trials && s->trials < DRILL_DEBRIEF_MAX ? s->trials
                                                              : DRILL_DEBRIEF_MAX;
    sink.cap = (size_t)m;
    sink.n = mem_calloc(s->nvariants * NRANKED, sizeof *sink.n);
    for (size_t i = 0; i < NRANKED; i++)
        sink.values[i] = mem_calloc(s->nvariants * sink.cap + 1, sizeof(double));
    if (sink.n == NULL || !sink.values[0] || !sink.values[1] || !sink.values[2] ||
        !sink.values[3]) {
        rc = err_set(e, ERR_NOMEM, "out of memory in the debrief");
        goto done;
    }
    run_options ro = {.seed = d->seed, .trials = m, .jobs = d->o.jobs ? d->o.jobs : con_cores(),
                      .shard_index = 1, .shard_count = 1, .selected = selected,
                      .limits = {WORLD_DEFAULT_MAX_EVENTS, WORLD_DEFAULT_MAX_PENDING}};
    if ((rc = run_trials(s, &ro, collect, &sink, e)) != ERR_OK)
        goto done;
    const oc_trial *team = team_of(plays);
    for (size_t k = 0; k < nv; k++) {
        uint32_t v = vars[k];
        for (size_t i = 0; i < NRANKED; i++) {
            double tv = oc_rank_value(team, ranked[i]);
            size_t n = sink.n[v * NRANKED + i];
            double *vals = sink.values[i] + v * sink.cap;
            if (isnan(tv) || n == 0)
                continue;
            if (ranked[i] == OC_OUTAGE_COST && !team->present[OC_OUTAGE_COST])
                continue;
            qsort(vals, n, sizeof *vals, cmp_double);
            size_t better = 0, same = 0;
            for (size_t j = 0; j < n; j++) {
                better += vals[j] < tv;
                same += vals[j] == tv;
            }
            ranks[nranks++] = (store_drill_rank){
                s->variants[v].name, ranked[i], n, (double)better / (double)n,
                (double)same / (double)n, (double)(n - better - same) / (double)n,
                quantile(vals, n, 0.5), quantile(vals, n, 0.95)};
        }
    }

    nverdicts = judge(d, team, verdicts, vtexts);
    d->passed = true;
    for (size_t i = 0; i < nverdicts; i++)
        d->passed &= verdicts[i].pass;

    store_drill rec = {
        .scenario = s->name,
        .path = d->o.scenario_path ? d->o.scenario_path : "",
        .sha256 = s->sha256,
        .version = DRSIM_VERSION,
        .created = d->created,
        .finished = wall_now(),
        .mode = d->o.scripted ? "script" : "terminal",
        .ended = ended,
        .seed = d->seed,
        .trial = d->trial,
        .t_alert = (double)d->t_alert / 1e6,
        .t_end = (double)d->now / 1e6,
        .horizon = (double)d->horizon / 1e6,
        .actions = acts,
        .nactions = d->nsteps,
        .events = tl.events,
        .nevents = tl.len,
        .plays = plays,
        .nplays = nplays,
        .ranks = ranks,
        .nranks = nranks,
        .verdicts = verdicts,
        .nverdicts = nverdicts,
    };
    if ((rc = store_open(con_db_path(d->o.db), STORE_WRITE, &st, e)) != ERR_OK)
        goto done;
    if ((rc = store_drill_write(st, &rec, &d->id, e)) != ERR_OK)
        goto done;
    if ((rc = store_drill_read(st, d->id, &back, e)) != ERR_OK)
        goto done;
    if ((rc = debrief_text(back, out, e)) != ERR_OK)
        goto done;
    sb_printf(out, "\nStored as drill %lld in %s: `drsim drill --replay %lld` prints its "
                   "timeline, `drsim report --drill %lld -o debrief.html` the debrief.\n",
              (long long)d->id, con_db_path(d->o.db), (long long)d->id, (long long)d->id);
done:
    for (size_t i = 0; answers != NULL && i < d->nsteps; i++)
        mem_free(answers[i]);
    mem_free(answers);
    store_drill_free(back);
    store_close(st);
    for (size_t i = 0; i < NRANKED; i++)
        mem_free(sink.values[i]);
    mem_free(sink.n);
    for (size_t i = 0; i < nverdicts; i++)
        mem_free(vtexts[i]);
    mem_free(vtexts);
    mem_free(selected);
    mem_free(acts);
    mem_free(verdicts);
    mem_free(ranks);
    mem_free(plays);
    mem_free(vars);
    oc_timeline_free(&tl);
    return rc;
}

static err_code finish(drill *d, const char *ended, strbuf *out, drill_state *state, err_msg *e)
{
    d->ended = true;
    *state = DRILL_ENDED;
    stamp(d, d->now, out);
    sb_printf(out, "The drill ends (%s). Computing the debrief...\n\n",
              strcmp(ended, "horizon") == 0 ? "the scenario's horizon"
              : strcmp(ended, "left") == 0  ? "you left"
                                            : "end");
    return debrief(d, ended, out, e);
}

static err_code advance_to(drill *d, sim_time t, strbuf *out, drill_state *state, err_msg *e)
{
    if (t > d->horizon)
        t = d->horizon;
    if (t > d->now)
        d->now = t;
    err_code rc = replay(d, d->now, e);
    if (rc != ERR_OK)
        return rc;
    show_news(d, out);
    if (d->now >= d->horizon)
        return finish(d, "horizon", out, state, e);
    return ERR_OK;
}

/* ---- opening ---------------------------------------------------------------------- */

err_code drill_open(const scn_scenario *s, const drill_options *o, drill **out, strbuf *text,
                    err_msg *e)
{
    *out = NULL;
    drill *d = mem_calloc(1, sizeof *d);
    if (d == NULL)
        return err_set(e, ERR_NOMEM, "out of memory opening the drill");
    d->s = s;
    d->o = *o;
    d->cfg = s->variants[0].world;
    d->seed = o->has_seed ? o->seed : s->seed;
    d->created = wall_now();
    team_strategy(d);
    world_limits lim = {WORLD_DEFAULT_MAX_EVENTS, WORLD_DEFAULT_MAX_PENDING};
    d->w = world_create(d->cfg, &d->team, &lim, e);
    if (d->w == NULL) {
        drill_close(d);
        return ERR_NOMEM;
    }
    d->horizon = (sim_time)(d->cfg->horizon * 1e6);
    err_code rc = pick_trial(d, e);
    if (rc == ERR_OK)
        rc = replay(d, d->horizon, e);
    if (rc != ERR_OK) {
        drill_close(d);
        return rc;
    }
    d->t_alert = world_first_alert(d->w);
    d->now = d->t_alert;
    if ((rc = replay(d, d->now, e)) != ERR_OK) {
        drill_close(d);
        return rc;
    }
    char clock[32];
    sb_printf(text,
              "drsim drill: %s, trial %llu (seed %llu; replay it with --trial %llu)\n"
              "It is %s. Your pager goes off.\n\n",
              s->name, (unsigned long long)d->trial, (unsigned long long)d->seed,
              (unsigned long long)d->trial, ov_clock(d->now, clock, sizeof clock));
    show_news(d, text);
    sb_str(text, "\n");
    ov_status(d->w, text);
    sb_str(text, "\nType `help` for what you can do; time stands still until you `wait`.\n");
    *out = d;
    return ERR_OK;
}

void drill_close(drill *d)
{
    if (d == NULL)
        return;
    world_destroy(d->w);
    for (size_t i = 0; i < d->nsteps; i++)
        mem_free(d->texts[i]);
    mem_free(d->texts);
    mem_free(d->walls);
    mem_free(d->steps);
    mem_free(d);
}

/* ---- commands ----------------------------------------------------------------------- */

static const char *const commands[] = {"status", "wait", "log", "help", "end", NULL};

static void help(const drill *d, const char *topic, strbuf *out)
{
    (void)d;
    if (topic != NULL && *topic != '\0') {
        int v = act_find_verb(topic);
        if (v < 0) {
            for (size_t i = 0; i < SCN_NACT_VERBS; i++)
                if (strncmp(act_table[i].words, topic, strlen(topic)) == 0) {
                    v = (int)i;
                    break;
                }
        }
        if (v >= 0) {
            const act_syntax *x = &act_table[v];
            sb_printf(out, "%s %s\n  %s.\n  %s\n", x->words, x->args, x->summary, x->help);
            return;
        }
    }
    sb_str(out, "The clock stands still until you wait:\n"
                "  status                    the dashboards now\n"
                "  wait DURATION             let time pass (wait 15m)\n"
                "  wait until next alert     until the next alert or status-page notice\n"
                "  log                       the alerts and your actions so far\n"
                "  end                       end the drill: the debrief\n"
                "  help ACTION               what an action does and when it is refused\n"
                "Actions (as the Azure CLI and portal name them):\n");
    for (size_t i = 0; i < SCN_NACT_VERBS; i++)
        sb_printf(out, "  %s %s\n      %s\n", act_table[i].words, act_table[i].args,
                  act_table[i].summary);
}

static void log_cmd(drill *d, strbuf *out)
{
    size_t a = 0, k = 0, na = ov_nalerts(d->w), nk = ov_nacts(d->w);
    while (a < na || k < nk) {
        ov_alert al = a < na ? ov_alert_at(d->w, a) : (ov_alert){0};
        ov_act ac = k < nk ? ov_act_at(d->w, k) : (ov_act){0};
        bool alert_first = a < na && (k >= nk || al.t <= ac.t);
        if (alert_first) {
            if (al.t <= d->now)
                print_alert(d, &al, out);
            a++;
        } else {
            stamp(d, ac.t, out);
            sb_printf(out, "you: %s -> %s%s\n", d->texts[ac.step], ac.refused ? "REFUSED: " : "",
                      ac.answer);
            k++;
        }
    }
    if (na == 0 && nk == 0)
        sb_str(out, "nothing yet\n");
}

static err_code add_step(drill *d, const scn_act *a, err_msg *e)
{
    if (d->nsteps == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 8;
        scn_step *s = mem_realloc(d->steps, cap * sizeof *s);
        if (s != NULL)
            d->steps = s;
        char **t = mem_realloc(d->texts, cap * sizeof *t);
        if (t != NULL)
            d->texts = t;
        double *wl = mem_realloc(d->walls, cap * sizeof *wl);
        if (wl != NULL)
            d->walls = wl;
        if (s == NULL || t == NULL || wl == NULL)
            return err_set(e, ERR_NOMEM, "out of memory recording an action");
        d->cap = cap;
    }
    strbuf canon = {0};
    act_format(d->cfg, a, &canon);
    char *owned = sb_take(&canon);
    if (owned == NULL)
        return err_set(e, ERR_NOMEM, "out of memory recording an action");
    d->texts[d->nsteps] = owned;
    d->walls[d->nsteps] = d->o.scripted ? 0 : wall_now();
    d->steps[d->nsteps] = (scn_step){.has_at = true,
                                     .at = (double)(d->now - d->t_alert) / 1e6,
                                     .text = owned,
                                     .act = *a};
    d->nsteps++;
    return ERR_OK;
}

static err_code act(drill *d, const scn_act *a, strbuf *out, err_msg *e)
{
    err_code rc = add_step(d, a, e);
    if (rc == ERR_OK)
        rc = replay(d, d->now, e);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < ov_nacts(d->w); i++) {
        ov_act x = ov_act_at(d->w, i);
        if (x.step != d->nsteps - 1)
            continue;
        stamp(d, d->now, out);
        sb_printf(out, "%s%s\n", x.refused ? "REFUSED: " : "", x.answer);
    }
    show_news(d, out);
    return ERR_OK;
}

/* Skips blanks; returns the rest. */
static const char *skip(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static bool word(const char *p, const char *w, const char **rest)
{
    size_t n = strlen(w);
    if (strncmp(p, w, n) != 0 || (p[n] != '\0' && p[n] != ' ' && p[n] != '\t'))
        return false;
    *rest = skip(p + n);
    return true;
}

static err_code bad(size_t *col, size_t at, err_msg *e, const char *msg)
{
    *col = at + 1;
    return err_set(e, ERR_INPUT, "%s", msg);
}

err_code drill_exec(drill *d, const char *line, strbuf *out, drill_state *state, size_t *col,
                    err_msg *e)
{
    *state = DRILL_GOING;
    *col = 0;
    if (d->ended) {
        *state = DRILL_ENDED;
        return ERR_OK;
    }
    const char *p = skip(line), *rest;
    size_t off = (size_t)(p - line);
    if (*p == '\0' || *p == '#')
        return ERR_OK;
    if (word(p, "status", &rest) && *rest == '\0') {
        char clock[32], rel[40];
        sb_printf(out, "%s (%s since the page)\n", ov_clock(d->now, clock, sizeof clock),
                  since(d, d->now, rel, sizeof rel));
        ov_status(d->w, out);
        return ERR_OK;
    }
    if (word(p, "help", &rest)) {
        help(d, rest, out);
        return ERR_OK;
    }
    if (word(p, "log", &rest) && *rest == '\0') {
        log_cmd(d, out);
        return ERR_OK;
    }
    if ((word(p, "end", &rest) || word(p, "debrief", &rest) || word(p, "quit", &rest)) &&
        *rest == '\0')
        return finish(d, "end", out, state, e);
    if (word(p, "wait", &rest)) {
        const char *r2;
        if (word(rest, "until", &r2)) {
            const char *r3, *r4;
            if (!(word(r2, "next", &r3) && word(r3, "alert", &r4) && *r4 == '\0'))
                return bad(col, (size_t)(r2 - line), e, "expected 'wait until next alert'");
            /* The next alert as the world will fire it: replay to the
             * horizon and look (what waiting would show). */
            err_code rc = replay(d, d->horizon, e);
            if (rc != ERR_OK)
                return rc;
            sim_time next = d->horizon;
            for (size_t i = 0; i < ov_nalerts(d->w); i++)
                if (ov_alert_at(d->w, i).t > d->now) {
                    next = ov_alert_at(d->w, i).t;
                    break;
                }
            if (next == d->horizon)
                sb_str(out, "No further alert comes before the scenario's horizon.\n");
            return advance_to(d, next, out, state, e);
        }
        double secs;
        err_msg pe;
        err_clear(&pe);
        if (*rest == '\0' || units_parse(UNITS_DURATION, rest, &secs, &pe) != ERR_OK ||
            !(secs > 0))
            return bad(col, (size_t)(rest - line), e,
                       "expected a duration to wait (such as 15m or 2h), or 'until next alert'");
        return advance_to(d, d->now + (sim_time)(secs * 1e6), out, state, e);
    }
    if (word(p, "at", &rest)) {
        /* A script's line: "at 45m: ACTION". */
        const char *colon = strchr(rest, ':');
        double secs;
        err_msg pe;
        err_clear(&pe);
        if (colon == NULL)
            return bad(col, (size_t)(rest - line), e,
                       "expected 'at DURATION: ACTION' (such as at 45m: recovery-plan failover)");
        if (units_parse_n(UNITS_DURATION, rest, (size_t)(colon - rest), &secs, &pe) != ERR_OK ||
            secs < 0)
            return bad(col, (size_t)(rest - line), e,
                       "expected a duration after 'at' (the time since the first alert, such as "
                       "45m)");
        sim_time t = d->t_alert + (sim_time)(secs * 1e6 + 0.5);
        if (t < d->now) {
            char then[40], now[40], msg[160];
            snprintf(msg, sizeof msg, "at %s comes before the drill's clock (%s): actions go "
                                      "in time order",
                     since(d, t, then, sizeof then) + 1, since(d, d->now, now, sizeof now));
            return bad(col, (size_t)(rest - line), e, msg);
        }
        const char *action = skip(colon + 1);
        scn_act a;
        char msg[512];
        size_t c;
        if (!act_parse(d->cfg, action, &a, &c, msg, sizeof msg))
            return bad(col, (size_t)(action - line) + c - 1, e, msg);
        err_code rc = advance_to(d, t, out, state, e);
        if (rc != ERR_OK || *state == DRILL_ENDED)
            return rc;
        return act(d, &a, out, e);
    }
    scn_act a;
    char msg[512];
    size_t c;
    if (!act_parse(d->cfg, p, &a, &c, msg, sizeof msg)) {
        /* Neither a command nor an action: say both. */
        if (act_find_verb(p) < 0 && c == 1) {
            char all[700];
            snprintf(all, sizeof all, "expected a command (status, wait, log, help, end) or an "
                                      "action (help lists them)");
            return bad(col, off, e, all);
        }
        return bad(col, off + c - 1, e, msg);
    }
    return act(d, &a, out, e);
}

err_code drill_leave(drill *d, strbuf *out, drill_state *state, err_msg *e)
{
    *state = DRILL_ENDED;
    if (d->ended)
        return ERR_OK;
    return finish(d, "left", out, state, e);
}

err_code drill_tick(drill *d, sim_time dt, strbuf *out, drill_state *state, err_msg *e)
{
    *state = d->ended ? DRILL_ENDED : DRILL_GOING;
    if (d->ended)
        return ERR_OK;
    return advance_to(d, d->now + dt, out, state, e);
}

const char *drill_prompt(const drill *d, char *buf, size_t n)
{
    char clock[32], rel[40];
    snprintf(buf, n, "%s %s> ", ov_clock(d->now, clock, sizeof clock),
             since(d, d->now, rel, sizeof rel));
    return buf;
}

void drill_complete(const drill *d, const char *const *words, size_t index, const char *word_,
                    void (*fn)(void *ctx, const char *candidate), void *ctx)
{
    if (index == 0)
        for (size_t i = 0; commands[i]; i++)
            if (strncmp(commands[i], word_, strlen(word_)) == 0)
                fn(ctx, commands[i]);
    if (index >= 1 && strcmp(words[0], "wait") == 0) {
        static const char *const w[] = {"until", "next", "alert"};
        if (index <= 3 && (index == 1 || strcmp(words[index - 1], w[index - 2]) == 0) &&
            strncmp(w[index - 1], word_, strlen(word_)) == 0)
            fn(ctx, w[index - 1]);
        return;
    }
    if (index >= 1 && strcmp(words[0], "help") == 0) {
        act_complete(d->cfg, words + 1, index - 1, word_, fn, ctx);
        return;
    }
    act_complete(d->cfg, words, index, word_, fn, ctx);
}

sim_time drill_now(const drill *d)
{
    return d->now;
}

int64_t drill_id(const drill *d)
{
    return d->id;
}

bool drill_passed(const drill *d)
{
    return d->passed;
}
