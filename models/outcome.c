/*
 * outcome.c — the metric catalogue and timelines.
 */
#include "models/outcome.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/mem.h"

/* Designated initialisers: a row cannot land under another metric's index.
 * absent_is_worst: an absent value (SQL NULL) is the worst possible one —
 * RPO absent means the data was lost altogether, a downtime absent means
 * service did not return within the horizon — or, false, it is left out of
 * the distribution (a flag with nothing to flag, a drill RTO when no drill
 * ran). */
#define SECONDS(id_, name_, label_, worst_)                                                      \
    [id_] = {.id = id_, .name = name_, .column = name_ "_s", .unit = OC_UNIT_SECONDS,          \
             .lower_is_better = true, .label = label_, .absent_is_worst = worst_,              \
             .worst_label = (worst_) ? "never" : NULL}
#define SHARE(id_, name_, label_, lower_)                                                        \
    [id_] = {.id = id_, .name = name_, .column = name_, .unit = OC_UNIT_SHARE,                 \
             .lower_is_better = lower_, .label = label_}

const oc_metric_info oc_metrics[OC_NMETRICS] = {
    [OC_RPO] = {.id = OC_RPO, .name = "rpo", .column = "rpo_s", .unit = OC_UNIT_SECONDS,
                .lower_is_better = true, .label = "RPO", .absent_is_worst = true,
                .worst_label = "lost"},
    SECONDS(OC_RTO, "rto", "RTO", true),
    SECONDS(OC_CLIENT_DOWNTIME, "client_downtime", "client downtime", true),
    SECONDS(OC_CLIENT_DOWNTIME_P95, "client_downtime_p95", "client downtime p95", true),
    SECONDS(OC_WRITE_DOWNTIME, "write_downtime", "write downtime", true),
    SECONDS(OC_READ_DOWNTIME, "read_downtime", "read downtime", true),
    [OC_DATA_LOSS_WRITES] = {.id = OC_DATA_LOSS_WRITES, .name = "data_loss_writes",
                             .column = "data_loss_writes", .unit = OC_UNIT_COUNT,
                             .lower_is_better = true, .label = "writes lost"},
    [OC_DATA_LOSS_BYTES] = {.id = OC_DATA_LOSS_BYTES, .name = "data_loss_bytes",
                            .column = "data_loss_bytes", .unit = OC_UNIT_BYTES,
                            .lower_is_better = true, .label = "bytes lost"},
    SHARE(OC_DATA_LOST_ALL, "data_lost_all", "data lost", true),
    SHARE(OC_FAILED_OVER, "failed_over", "failed over", false),
    SHARE(OC_CONSISTENT, "consistent", "consistent", false),
    SHARE(OC_APP_CONSISTENT, "app_consistent", "app-consistent", false),
    SHARE(OC_DISRUPTED, "disrupted", "disrupted", true),
    SECONDS(OC_DRILL_RTO, "drill_rto", "drill RTO", false),
};

#undef SECONDS
#undef SHARE

const oc_metric_info *oc_metric_find(const char *name)
{
    for (size_t i = 0; i < OC_NMETRICS; i++)
        if (strcmp(oc_metrics[i].name, name) == 0)
            return &oc_metrics[i];
    return NULL;
}

const char *const oc_op_names[OC_NOPS + 1] = {
    [OC_OP_LT] = "<", [OC_OP_LE] = "<=", [OC_OP_EQ] = "==",
    [OC_OP_NE] = "!=", [OC_OP_GE] = ">=", [OC_OP_GT] = ">", [OC_NOPS] = NULL,
};

bool oc_compare(double observed, oc_op op, double threshold)
{
    if (isnan(observed))
        return false;
    switch (op) {
    case OC_OP_LT: return observed < threshold;
    case OC_OP_LE: return observed <= threshold;
    case OC_OP_EQ: return observed == threshold;
    case OC_OP_NE: return observed != threshold;
    case OC_OP_GE: return observed >= threshold;
    case OC_OP_GT: return observed > threshold;
    case OC_NOPS:  break;
    }
    NEVER(true); /* every comparison returns above */
    return false;
}

bool oc_name_selects(const char *name, const char *variant, const char *strategy)
{
    return strcmp(name, variant) == 0 || (strategy != NULL && strcmp(name, strategy) == 0);
}

size_t oc_metric_list(char *buf, size_t n)
{
    size_t used = 0;
    for (size_t i = 0; i < OC_NMETRICS; i++) {
        int k = snprintf(buf + (used < n ? used : n), used < n ? n - used : 0, "%s%s",
                         i ? ", " : "", oc_metrics[i].name);
        used += k > 0 ? (size_t)k : 0;
    }
    return used;
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
