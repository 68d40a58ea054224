/*
 * drillview.c — a stored drill as text: the debrief and the replay
 * (drillview.h).
 *
 * Every figure comes from the drill as stored; nothing is recomputed but the
 * best play in hindsight, a pure function of the plays. Names and answers
 * are the scenario's and the database's: they reach `out` through the
 * table (which escapes) or esc_tmp.
 */
#include "reports/text/drillview.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reports/text/fmt.h"
#include "reports/text/table.h"
#include "sim/core/escape.h"
#include "sim/core/units.h"

int dview_best(const store_drill *d)
{
    int best = -1;
    for (size_t i = 0; i < d->nplays; i++) {
        const oc_trial *t = &d->plays[i].outcome;
        if (!t->present[OC_RTO])
            continue;
        if (best < 0) {
            best = (int)i;
            continue;
        }
        const oc_trial *b = &d->plays[best].outcome;
        double keys[3][2] = {
            {t->value[OC_RTO], b->value[OC_RTO]},
            {oc_rank_value(t, OC_RPO), oc_rank_value(b, OC_RPO)},
            {oc_rank_value(t, OC_DATA_LOSS_WRITES), oc_rank_value(b, OC_DATA_LOSS_WRITES)},
        };
        for (size_t k = 0; k < 3; k++) {
            if (keys[k][0] < keys[k][1]) {
                best = (int)i;
                break;
            }
            if (keys[k][0] > keys[k][1])
                break;
        }
    }
    return best;
}

/* A play's metric as text ("never", "lost" for the absent worst). */
static const char *value(const oc_trial *t, oc_metric m, char *buf, size_t n)
{
    return fmt_metric(m, oc_rank_value(t, m), buf, n);
}

static bool any_cost(const store_drill *d)
{
    for (size_t i = 0; i < d->nplays; i++)
        if (d->plays[i].outcome.present[OC_OUTAGE_COST])
            return true;
    return false;
}

static err_code io(FILE *out, err_msg *e)
{
    if (ferror(out))
        return err_set(e, ERR_IO, "cannot write the debrief");
    return ERR_OK;
}

static err_code plays_table(const store_drill *d, FILE *out, err_msg *e)
{
    bool cost = any_cost(d);
    tbl *t = tbl_new(cost ? 6 : 5, 2);
    if (t == NULL)
        return err_set(e, ERR_NOMEM, "out of memory printing the debrief");
    for (size_t c = 1; c < (cost ? 6u : 5u); c++)
        tbl_align_right(t, c);
    tbl_cell(t, "play");
    tbl_cell(t, "RTO");
    tbl_cell(t, "RPO");
    tbl_cell(t, "writes lost");
    tbl_cell(t, "lost for good");
    if (cost)
        tbl_cell(t, "outage cost");
    for (size_t i = 0; i < d->nplays; i++) {
        const oc_trial *o = &d->plays[i].outcome;
        char a[FMT_MAX], b[FMT_MAX], c[FMT_MAX], m[FMT_MAX];
        tbl_cell(t, "%s", d->plays[i].team ? "you" : d->plays[i].who);
        tbl_cell(t, "%s", value(o, OC_RTO, a, sizeof a));
        tbl_cell(t, "%s", value(o, OC_RPO, b, sizeof b));
        tbl_cell(t, "%s", o->present[OC_DATA_LOSS_WRITES]
                              ? fmt_count(o->value[OC_DATA_LOSS_WRITES], c, sizeof c)
                              : "-");
        tbl_cell(t, "%s", o->present[OC_DATA_LOST_ALL] && o->value[OC_DATA_LOST_ALL] > 0 ? "yes"
                                                                                       : "no");
        if (cost)
            tbl_cell(t, "%s", o->present[OC_OUTAGE_COST]
                                  ? fmt_money(o->value[OC_OUTAGE_COST], m, sizeof m)
                                  : "-");
    }
    err_code rc = tbl_print(t, out, true);
    tbl_free(t);
    if (rc != ERR_OK)
        return err_set(e, rc, "cannot print the debrief");
    return ERR_OK;
}

static const char *metric_label(oc_metric m)
{
    switch (m) {
    case OC_RTO:
        return "RTO";
    case OC_RPO:
        return "RPO";
    case OC_DATA_LOSS_WRITES:
        return "writes lost";
    case OC_OUTAGE_COST:
        return "outage cost";
    default:
        return oc_metrics[m].name;
    }
}

static void ranks(const store_drill *d, FILE *out)
{
    if (d->nranks == 0 || d->nplays == 0)
        return;
    fputs("\nWhere your result falls among each strategy's outages (its trials whose outage "
          "reached the application):\n",
          out);
    const oc_trial *you = &d->plays[0].outcome;
    for (size_t i = 0; i < d->nranks; i++) {
        const store_drill_rank *r = &d->ranks[i];
        if (r->metric != OC_RTO && r->metric != OC_RPO)
            continue;
        char v[FMT_MAX], sh[FMT_MAX], p50[FMT_MAX], p95[FMT_MAX];
        const char *how = r->better >= 0.5   ? "worse than"
                          : r->worse >= 0.5 ? "better than"
                                            : "about as";
        double share = r->better >= 0.5 ? r->better : r->worse >= 0.5 ? r->worse : r->same;
        fprintf(out, "  %s: your %s %s is %s %s of its %llu outages (its p50 %s, p95 %s)\n",
                esc_tmp(r->strategy), metric_label(r->metric), value(you, r->metric, v, sizeof v),
                how, fmt_share(share, sh, sizeof sh), (unsigned long long)r->n,
                fmt_metric(r->metric, r->p50, p50, sizeof p50),
                fmt_metric(r->metric, r->p95, p95, sizeof p95));
    }
}

static void hindsight(const store_drill *d, FILE *out)
{
    int best = dview_best(d);
    fputs("\nIn hindsight: ", out);
    if (best < 0) {
        fputs("no play got the application back within the scenario's horizon.\n", out);
        return;
    }
    const oc_trial *b = &d->plays[best].outcome;
    char rto[FMT_MAX], rpo[FMT_MAX];
    if (d->plays[best].team) {
        fprintf(out, "yours was the best play of this outage (back in %s, RPO %s).\n",
                value(b, OC_RTO, rto, sizeof rto), value(b, OC_RPO, rpo, sizeof rpo));
        return;
    }
    fprintf(out, "%s would have been back in %s with an RPO of %s", esc_tmp(d->plays[best].who),
            value(b, OC_RTO, rto, sizeof rto), value(b, OC_RPO, rpo, sizeof rpo));
    const oc_trial *you = &d->plays[0].outcome;
    if (d->nplays > 0 && you->present[OC_RTO]) {
        char gain[FMT_MAX];
        fprintf(out, ", %s sooner than you.\n",
                fmt_duration(you->value[OC_RTO] - b->value[OC_RTO], gain, sizeof gain));
    } else {
        fputs("; you were not back within the horizon.\n", out);
    }
}

static void verdicts(const store_drill *d, FILE *out)
{
    if (d->nverdicts == 0)
        return;
    fputs("\nYour runbook targets (the scenario's expectations), judged on your result:\n", out);
    for (size_t i = 0; i < d->nverdicts; i++) {
        const store_drill_verdict *v = &d->verdicts[i];
        const oc_metric_info *m = oc_metric_find(v->metric);
        char obs[FMT_MAX];
        if (m == NULL)
            snprintf(obs, sizeof obs, "-");
        else if (isnan(v->observed))
            snprintf(obs, sizeof obs, "%s", m->worst_label ? m->worst_label : "-");
        else
            fmt_metric(m->id, v->observed, obs, sizeof obs);
        fprintf(out, "  %-4s  %-28s you: %s\n", v->pass ? "pass" : "FAIL", esc_tmp(v->rule), obs);
    }
}

err_code dview_debrief(const store_drill *d, FILE *out, err_msg *e)
{
    char clock[32];
    units_format_day_clock((long long)(d->t_alert * 1e6), clock, sizeof clock);
    fprintf(out, "Debrief: drill %lld of %s, trial %llu (the page at %s)\n", (long long)d->id,
            esc_tmp(d->scenario), (unsigned long long)d->trial, clock);
    if (d->nplays > 0) {
        const oc_trial *you = &d->plays[0].outcome;
        char rto[FMT_MAX], rpo[FMT_MAX], w[FMT_MAX];
        if (you->present[OC_RTO])
            fprintf(out, "Your result: back in %s (RTO), RPO %s", value(you, OC_RTO, rto, sizeof rto),
                    value(you, OC_RPO, rpo, sizeof rpo));
        else
            fprintf(out, "Your result: the application was not back within the horizon (RTO "
                         "never), RPO %s",
                    value(you, OC_RPO, rpo, sizeof rpo));
        /* Writes are counted only where the scenario models them. */
        if (you->present[OC_DATA_LOSS_WRITES])
            fprintf(out, ", %s writes lost", fmt_count(you->value[OC_DATA_LOSS_WRITES], w, sizeof w));
        fputs(you->present[OC_DATA_LOST_ALL] && you->value[OC_DATA_LOST_ALL] > 0
                  ? ", some data lost for good"
                  : ", nothing lost for good",
              out);
        if (you->present[OC_OUTAGE_COST]) {
            char c[FMT_MAX];
            fprintf(out, ", an outage cost of %s", fmt_money(you->value[OC_OUTAGE_COST], c, sizeof c));
        }
        fputs(".\n\nThe same outage played by each strategy (same trial, same random numbers):\n",
              out);
        err_code rc = plays_table(d, out, e);
        if (rc != ERR_OK)
            return rc;
    }
    ranks(d, out);
    hindsight(d, out);
    verdicts(d, out);
    return io(out, e);
}

static void wall_time(double wall, char *buf, size_t n)
{
    time_t t = (time_t)wall;
    struct tm tm;
    if (wall <= 0 || gmtime_r(&t, &tm) == NULL) {
        buf[0] = '\0';
        return;
    }
    strftime(buf, n, "  (typed %H:%M:%S UTC)", &tm);
}

void dview_event_times(const store_drill *d, const oc_event *ev, char *clock, size_t nclock,
                       char *rel, size_t nrel)
{
    units_format_day_clock(ev->t, clock, nclock);
    double since = (double)ev->t / 1e6 - d->t_alert;
    rel[0] = '\0';
    if (since >= 0 && nrel > 1) {
        rel[0] = '+';
        fmt_duration(since, rel + 1, nrel - 1);
    }
}

const store_drill_action *dview_event_action(const store_drill *d, const oc_event *ev,
                                             size_t *k)
{
    if ((ev->kind != OC_EV_OPERATOR && ev->kind != OC_EV_REFUSED) || *k >= d->nactions)
        return NULL;
    return &d->actions[(*k)++];
}

err_code dview_replay(const store_drill *d, FILE *out, err_msg *e)
{
    char clock[32], when[64];
    fprintf(out, "Drill %lld: %s, trial %llu, seed %llu, played by %s",
            (long long)d->id, esc_tmp(d->scenario), (unsigned long long)d->trial,
            (unsigned long long)d->seed, strcmp(d->mode, "script") == 0 ? "a script" : "a team");
    time_t started = (time_t)d->created;
    struct tm tm;
    if (gmtime_r(&started, &tm) != NULL && strftime(when, sizeof when, " on %Y-%m-%d %H:%M UTC", &tm))
        fputs(when, out);
    fprintf(out, "; ended: %s\n\n", esc_tmp(d->ended));
    /* The world's events, the team's actions among them (the operator and
     * refused events, in the order the actions were taken). */
    size_t k = 0;
    for (size_t i = 0; i < d->nevents; i++) {
        const oc_event *ev = &d->events[i];
        char rel[FMT_MAX + 1];
        dview_event_times(d, ev, clock, sizeof clock, rel, sizeof rel);
        const store_drill_action *a = dview_event_action(d, ev, &k);
        if (a != NULL) {
            char wall[48];
            wall_time(a->wall, wall, sizeof wall);
            fprintf(out, "%s %-9s you: %s -> %s%s%s\n", clock, rel, esc_tmp(a->text),
                    a->refused ? "REFUSED: " : "", esc_tmp(a->answer), wall);
            continue;
        }
        if (ev->t > (long long)(d->t_end * 1e6))
            continue; /* after the drill ended: the debrief's, not the team's view */
        fprintf(out, "%s %-9s %s%s%s: %s\n", clock, rel, esc_tmp(oc_event_kind_name(ev->kind)),
                ev->subject[0] ? " " : "", esc_tmp(ev->subject), esc_tmp(ev->detail));
    }
    fputc('\n', out);
    return dview_debrief(d, out, e);
}

err_code dview_debrief_string(const store_drill *d, char **text, err_msg *e)
{
    size_t len = 0;
    *text = NULL;
    FILE *f = open_memstream(text, &len);
    if (f == NULL)
        return err_set(e, ERR_NOMEM, "out of memory printing the debrief");
    err_code rc = dview_debrief(d, f, e);
    if (fclose(f) != 0 && rc == ERR_OK)
        rc = err_set(e, ERR_NOMEM, "out of memory printing the debrief");
    if (rc != ERR_OK) {
        free(*text);
        *text = NULL;
    }
    return rc;
}
