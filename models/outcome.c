/*
 * outcome.c — the metric catalogue and timelines.
 */
#include "outcome.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

const oc_metric_info oc_metrics[OC_NMETRICS] = {
    {OC_RPO, "rpo", "rpo_s", OC_UNIT_SECONDS, true, "RPO"},
    {OC_RTO, "rto", "rto_s", OC_UNIT_SECONDS, true, "RTO"},
    {OC_CLIENT_DOWNTIME, "client_downtime", "client_downtime_s", OC_UNIT_SECONDS, true,
     "client downtime"},
    {OC_CLIENT_DOWNTIME_P95, "client_downtime_p95", "client_downtime_p95_s", OC_UNIT_SECONDS,
     true, "client downtime p95"},
    {OC_WRITE_DOWNTIME, "write_downtime", "write_downtime_s", OC_UNIT_SECONDS, true,
     "write downtime"},
    {OC_READ_DOWNTIME, "read_downtime", "read_downtime_s", OC_UNIT_SECONDS, true,
     "read downtime"},
    {OC_DATA_LOSS_WRITES, "data_loss_writes", "data_loss_writes", OC_UNIT_COUNT, true,
     "writes lost"},
    {OC_DATA_LOSS_BYTES, "data_loss_bytes", "data_loss_bytes", OC_UNIT_BYTES, true,
     "bytes lost"},
    {OC_DATA_LOST_ALL, "data_lost_all", "data_lost_all", OC_UNIT_SHARE, true, "data lost"},
    {OC_FAILED_OVER, "failed_over", "failed_over", OC_UNIT_SHARE, false, "failed over"},
    {OC_CONSISTENT, "consistent", "consistent", OC_UNIT_SHARE, false, "consistent"},
    {OC_APP_CONSISTENT, "app_consistent", "app_consistent", OC_UNIT_SHARE, false,
     "app-consistent"},
    {OC_DISRUPTED, "disrupted", "disrupted", OC_UNIT_SHARE, true, "disrupted"},
    {OC_DRILL_RTO, "drill_rto", "drill_rto_s", OC_UNIT_SECONDS, true, "drill RTO"},
};

const oc_metric_info *oc_metric_find(const char *name)
{
    for (size_t i = 0; i < OC_NMETRICS; i++)
        if (strcmp(oc_metrics[i].name, name) == 0)
            return &oc_metrics[i];
    return NULL;
}

static const char *const stats[] = {"n", "mean", "sd", "min", "p50", "p90", "p95", "p99", "max"};

bool oc_stat_known(const char *stat)
{
    for (size_t i = 0; i < sizeof stats / sizeof stats[0]; i++)
        if (strcmp(stats[i], stat) == 0)
            return true;
    return false;
}

const char *oc_stat_names(void)
{
    return "n, mean, sd, min, p50, p90, p95, p99, max";
}

const char *oc_metric_names(void)
{
    return "rpo, rto, client_downtime, client_downtime_p95, write_downtime, read_downtime, "
           "data_loss_writes, data_loss_bytes, data_lost_all, failed_over, consistent, "
           "app_consistent, disrupted, drill_rto";
}

void oc_trial_init(oc_trial *t, uint64_t trial)
{
    memset(t, 0, sizeof *t);
    t->trial = trial;
}

void oc_event_add(oc_timeline *tl, sim_time t, const char *kind, const char *subject,
                  const char *detail_fmt, ...)
{
    if (tl == NULL || !tl->enabled)
        return;
    if (tl->len == tl->cap &&
        mem_grow((void **)&tl->events, &tl->cap, tl->len + 1, sizeof *tl->events) != 0) {
        tl->error = ERR_NOMEM;
        return;
    }
    oc_event *ev = &tl->events[tl->len++];
    ev->t = t;
    ev->kind = kind;
    snprintf(ev->subject, sizeof ev->subject, "%s", subject ? subject : "");
    ev->detail[0] = '\0';
    if (detail_fmt != NULL) {
        va_list ap;
        va_start(ap, detail_fmt);
        vsnprintf(ev->detail, sizeof ev->detail, detail_fmt, ap);
        va_end(ap);
    }
}

void oc_timeline_sort(oc_timeline *tl)
{
    /* Insertion sort: stable, and timelines are short and nearly sorted. */
    for (size_t i = 1; i < tl->len; i++) {
        oc_event ev = tl->events[i];
        size_t j = i;
        while (j > 0 && tl->events[j - 1].t > ev.t) {
            tl->events[j] = tl->events[j - 1];
            j--;
        }
        tl->events[j] = ev;
    }
}

void oc_timeline_clear(oc_timeline *tl)
{
    tl->len = 0;
    tl->error = ERR_OK;
}

void oc_timeline_free(oc_timeline *tl)
{
    if (tl == NULL)
        return;
    mem_free(tl->events);
    tl->events = NULL;
    tl->len = tl->cap = 0;
}
