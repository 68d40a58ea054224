/*
 * alerts.c — what the operator sees fire: alerts and status-page notices
 * (alerts.h).
 *
 * Below every model that raises an alert (recovery.c, entry.c, world.c):
 * it records the alert and marks the world changed, and what follows from
 * it — a runbook's steps that wait for it — is runbook.c's, in the
 * after-event hook (wi.h's rule). Invariant: w->alerts only grows during a
 * trial, in time order.
 */
#include "models/world/alerts.h"

#include <stdarg.h>
#include <stdio.h>

#include "models/world/wi.h"
#include "sim/core/mem.h"

err_code al_build(world *w)
{
    size_t n = 0;
    for (size_t i = 0; i < w->noutages; i++)
        n += w->outages[i].cfg->nnotices;
    w->nnotices = n;
    if (n == 0)
        return ERR_OK;
    w->notices = mem_calloc(n, sizeof *w->notices);
    if (w->notices == NULL)
        return ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < w->noutages; i++)
        for (size_t j = 0; j < w->outages[i].cfg->nnotices; j++)
            w->notices[k++] = (notice_rt){w, &w->outages[i], &w->outages[i].cfg->notices[j]};
    return ERR_OK;
}

void al_destroy(world *w)
{
    mem_free(w->notices);
    mem_free(w->alerts);
}

void al_reset(world *w)
{
    w->nalerts = 0;
    w->t_first_alert = SIM_NEVER;
}

static void on_notice(sim_engine *e, void *ctx)
{
    notice_rt *n = ctx;
    (void)e;
    al_raise(n->w, SCN_ALERT_STATUS, wi_region_name(n->w, n->outage->place.region), n->cfg->eta,
             "%s", n->cfg->text);
}

void al_schedule_notices(world *w, const outage_rt *o)
{
    for (size_t k = 0; k < w->nnotices; k++)
        if (w->notices[k].outage == o)
            wi_at(w, o->start + wi_us(w->notices[k].cfg->after), on_notice, &w->notices[k], NULL);
}

void al_raise(world *w, scn_alert kind, const char *subject, double eta, const char *fmt, ...)
{
    sim_time now = sim_now(w->eng);
    if (w->nalerts == w->capalerts) {
        size_t cap = w->capalerts ? 2 * w->capalerts : 16;
        alert_rt *a = mem_realloc(w->alerts, cap * sizeof *a);
        if (a == NULL) {
            wi_fail(w, ERR_NOMEM);
            return;
        }
        w->alerts = a;
        w->capalerts = cap;
    }
    alert_rt *a = &w->alerts[w->nalerts++];
    a->t = now;
    a->kind = kind;
    a->eta = eta;
    snprintf(a->subject, sizeof a->subject, "%s", subject ? subject : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->text, sizeof a->text, fmt, ap);
    va_end(ap);
    if (kind == SCN_ALERT_APP_DOWN && w->t_first_alert == SIM_NEVER)
        w->t_first_alert = now;
    /* Only a runbook acts on alerts: the other strategies' timelines keep
     * their own "detected" event and nothing more. */
    if (w->st->kind == SCN_RUNBOOK)
        oc_event_add(w->tl, now, OC_EV_ALERT, subject, "%s", a->text);
    wi_changed(w);
}
