/*
 * outcome.c — the metric catalogue, the event-kind catalogue and timelines.
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
#define SECONDS(id_, name_, label_, worst_) SECONDS_AS(id_, name_, label_, worst_, true)
/* directed_ false: a part of a disruption that trades against the others
 * (time read-only or at reduced capacity is time not fully down): less of
 * it is not better in itself. */
#define SECONDS_AS(id_, name_, label_, worst_, directed_)                                        \
    [id_] = {.id = id_, .name = name_, .column = name_ "_s", .unit = OC_UNIT_SECONDS,          \
             .lower_is_better = true, .directed = directed_, .label = label_,                   \
             .absent_is_worst = worst_,                                                        \
             .worst_label = (worst_) ? "never" : NULL,                                         \
             .worst_means = (worst_) ? "trials not serving again within the horizon" : NULL}
#define SHARE(id_, name_, label_, lower_, directed_, mean_name_)                                 \
    [id_] = {.id = id_, .name = name_, .column = name_, .unit = OC_UNIT_SHARE,                 \
             .lower_is_better = lower_, .directed = directed_, .label = label_,                \
             .mean_name = mean_name_}

const oc_metric_info oc_metrics[OC_NMETRICS] = {
    [OC_RPO] = {.id = OC_RPO, .name = "rpo", .column = "rpo_s", .unit = OC_UNIT_SECONDS,
                .lower_is_better = true, .directed = true, .label = "RPO", .absent_is_worst = true,
                .worst_label = "lost", .worst_means = "trials that lost the data altogether"},
    SECONDS(OC_RTO, "rto", "RTO", true),
    SECONDS_AS(OC_DEGRADED, "degraded", "degraded", false, false),
    SECONDS_AS(OC_READ_ONLY, "read_only", "read-only", false, false),
    SECONDS(OC_FULLY_DOWN, "fully_down", "fully down", false),
    SECONDS(OC_SERVING_RTO, "serving_rto", "RTO (at least read-only)", false),
    SECONDS(OC_CLIENT_DOWNTIME, "client_downtime", "client downtime", true),
    SECONDS(OC_CLIENT_DOWNTIME_P95, "client_downtime_p95", "client downtime p95", true),
    /* Absent when no storage account holds the apps' data: not applicable
     * (the downtime itself is counted to the horizon, never infinite). */
    SECONDS(OC_WRITE_DOWNTIME, "write_downtime", "write downtime", false),
    SECONDS(OC_READ_DOWNTIME, "read_downtime", "read downtime", false),
    [OC_DATA_LOSS_WRITES] = {.id = OC_DATA_LOSS_WRITES, .name = "data_loss_writes",
                             .column = "data_loss_writes", .unit = OC_UNIT_COUNT,
                             .lower_is_better = true, .directed = true, .label = "writes lost",
                             .mean_name = "mean number of writes lost"},
    [OC_DATA_LOSS_BYTES] = {.id = OC_DATA_LOSS_BYTES, .name = "data_loss_bytes",
                            .column = "data_loss_bytes", .unit = OC_UNIT_BYTES,
                            .lower_is_better = true, .directed = true, .label = "bytes lost",
                            .mean_name = "mean bytes lost"},
    [OC_WRITE_CONFLICTS] = {.id = OC_WRITE_CONFLICTS, .name = "write_conflicts",
                            .column = "write_conflicts", .unit = OC_UNIT_COUNT,
                            .lower_is_better = true, .directed = true, .label = "write conflicts",
                            .mean_name = "mean number of conflicting writes"},
    SHARE(OC_DATA_LOST_ALL, "data_lost_all", "data lost", true, true,
          "share of trials that lost data for good"),
    /* Failing over is what a strategy costs, not what it aims at. */
    SHARE(OC_FAILED_OVER, "failed_over", "failed over", false, false,
          "share of trials that failed over"),
    SHARE(OC_CONSISTENT, "consistent", "consistent", false, true,
          "share of crash-consistent recoveries"),
    SHARE(OC_APP_CONSISTENT, "app_consistent", "app-consistent", false, true,
          "share of app-consistent recoveries"),
    /* Whether an outage reached the app is the trial's circumstance. */
    SHARE(OC_DISRUPTED, "disrupted", "disrupted", true, false,
          "share of trials an outage reached"),
    SECONDS(OC_DRILL_RTO, "drill_rto", "drill RTO", false),
    [OC_OUTAGE_COST] = {.id = OC_OUTAGE_COST, .name = "outage_cost", .column = "outage_cost",
                        .unit = OC_UNIT_MONEY, .lower_is_better = true, .directed = true,
                        .label = "outage cost", .mean_name = "mean outage cost"},
    /* So is an outage that destroys its scope ("rpo.p99 | destroyed"). */
    SHARE(OC_DESTROYED, "destroyed", "destroyed", true, false,
          "share of trials an outage destroyed its scope in"),
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

/* ---- Events ---------------------------------------------------------------- */

#define LANE(id_, label_, per_subject_, rank_)                                                  \
    [id_] = {.label = label_, .per_subject = per_subject_, .rank = rank_}

const oc_lane_info oc_lanes[OC_NLANES] = {
    LANE(OC_LANE_NONE, "", false, 14),
    LANE(OC_LANE_OUTAGE, "outage", true, 0),
    LANE(OC_LANE_DATA_DESTROYED, "data destroyed", false, 1),
    LANE(OC_LANE_APP_DOWN, "application down", false, 2),
    LANE(OC_LANE_DETECT, "detect, then decide", false, 3),
    LANE(OC_LANE_ACCOUNT_FAILOVER, "account failover", true, 4),
    LANE(OC_LANE_PROVISION, "provision VMs", false, 5),
    LANE(OC_LANE_PLAN, "recovery plan", false, 6),
    LANE(OC_LANE_PLAN_GROUP, "plan group", true, 7),
    /* A drill's lanes read together, and so do a failback's. */
    LANE(OC_LANE_DRILL, "drill (test failover)", false, 8),
    LANE(OC_LANE_DRILL_GROUP, "drill group", true, 8),
    LANE(OC_LANE_VMS_UP, "VMs up", false, 9),
    LANE(OC_LANE_DNS, "DNS", false, 10),
    LANE(OC_LANE_RESYNC, "geo re-sync", true, 11),
    LANE(OC_LANE_REPROTECT, "re-protect", false, 12),
    LANE(OC_LANE_FAILBACK, "failback", true, 13),
    LANE(OC_LANE_FAILBACK_GROUP, "failback group", true, 13),
};

#undef LANE

/* Designated initialisers, as for the metrics. A span's opening and closing
 * kinds name the same lane: a closing event ends the last bar its lane (of
 * its subject, on a per-subject lane) left open. */
#define KIND(id_, name_) [id_] = {.id = id_, .name = name_}
#define OPENS(id_, name_, lane_, bar_)                                                          \
    [id_] = {.id = id_, .name = name_, .gantt = OC_GANTT_OPEN, .lane = lane_, .bar = bar_}
#define CLOSES(id_, name_, lane_)                                                               \
    [id_] = {.id = id_, .name = name_, .gantt = OC_GANTT_CLOSE, .lane = lane_}
#define MARKS(id_, name_, lane_)                                                                \
    [id_] = {.id = id_, .name = name_, .gantt = OC_GANTT_MARK, .lane = lane_}

const oc_event_kind_info oc_event_kinds[OC_NEVENT_KINDS] = {
    KIND(OC_EV_UNKNOWN, "?"),
    OPENS(OC_EV_OUTAGE_START, "outage_start", OC_LANE_OUTAGE, OC_BAR_OUTAGE),
    CLOSES(OC_EV_OUTAGE_END, "outage_end", OC_LANE_OUTAGE),
    MARKS(OC_EV_STORAGE_DESTROYED, "storage_destroyed", OC_LANE_DATA_DESTROYED),
    KIND(OC_EV_STORAGE_DOWN, "storage_down"),
    KIND(OC_EV_STORAGE_UP, "storage_up"),
    OPENS(OC_EV_SERVICE_DOWN, "service_down", OC_LANE_APP_DOWN, OC_BAR_DOWN),
    CLOSES(OC_EV_SERVICE_RESTORED, "service_restored", OC_LANE_APP_DOWN),
    /* Detection and the decision also draw the waiting before them on
     * OC_LANE_DETECT: spans that depend on the disruption (html.c). */
    KIND(OC_EV_DETECTED, "detected"),
    MARKS(OC_EV_DECISION, "decision", OC_LANE_DETECT),
    KIND(OC_EV_DELETE_VMS, "delete_vms"),
    OPENS(OC_EV_FAILOVER_START, "failover_start", OC_LANE_ACCOUNT_FAILOVER, OC_BAR_WORK),
    CLOSES(OC_EV_FAILOVER_END, "failover_end", OC_LANE_ACCOUNT_FAILOVER),
    MARKS(OC_EV_PROVIDER_FAILOVER, "provider_failover", OC_LANE_ACCOUNT_FAILOVER),
    MARKS(OC_EV_DNS_REMAP, "dns_remap", OC_LANE_DNS),
    OPENS(OC_EV_RESYNC_START, "resync_start", OC_LANE_RESYNC, OC_BAR_AFTER),
    CLOSES(OC_EV_RESYNC_COMPLETE, "resync_complete", OC_LANE_RESYNC),
    OPENS(OC_EV_FAILBACK_START, "failback_start", OC_LANE_FAILBACK, OC_BAR_AFTER),
    CLOSES(OC_EV_FAILBACK_END, "failback_end", OC_LANE_FAILBACK),
    KIND(OC_EV_FAILBACK_LOSS, "failback_loss"),
    KIND(OC_EV_VM_DOWN, "vm_down"),
    KIND(OC_EV_VM_LOST, "vm_lost"),
    /* VMs up also close the span of new VMs on OC_LANE_PROVISION, which
     * runs from the first provision_start to the last of them up (html.c). */
    MARKS(OC_EV_VM_UP, "vm_up", OC_LANE_VMS_UP),
    KIND(OC_EV_PROVISION_START, "provision_start"),
    KIND(OC_EV_RECOVERY_POINT, "recovery_point"),
    KIND(OC_EV_PROCESSING, "processing"),
    OPENS(OC_EV_PLAN_START, "plan_start", OC_LANE_PLAN, OC_BAR_WORK),
    CLOSES(OC_EV_PLAN_COMPLETE, "plan_complete", OC_LANE_PLAN),
    OPENS(OC_EV_GROUP_START, "group_start", OC_LANE_PLAN_GROUP, OC_BAR_WORK),
    CLOSES(OC_EV_GROUP_END, "group_end", OC_LANE_PLAN_GROUP),
    KIND(OC_EV_ACTION, "action"),
    KIND(OC_EV_CAPACITY_DELAY, "capacity_delay"),
    MARKS(OC_EV_COMMIT, "commit", OC_LANE_PLAN),
    OPENS(OC_EV_REPROTECT_START, "reprotect_start", OC_LANE_REPROTECT, OC_BAR_AFTER),
    CLOSES(OC_EV_REPROTECTED, "reprotected", OC_LANE_REPROTECT),
    KIND(OC_EV_DRILL, "drill"),
    OPENS(OC_EV_DRILL_START, "drill_start", OC_LANE_DRILL, OC_BAR_WORK),
    CLOSES(OC_EV_DRILL_END, "drill_end", OC_LANE_DRILL),
    OPENS(OC_EV_DRILL_GROUP_START, "drill_group_start", OC_LANE_DRILL_GROUP, OC_BAR_WORK),
    CLOSES(OC_EV_DRILL_GROUP_END, "drill_group_end", OC_LANE_DRILL_GROUP),
    OPENS(OC_EV_FAILBACK_GROUP_START, "failback_group_start", OC_LANE_FAILBACK_GROUP,
          OC_BAR_AFTER),
    CLOSES(OC_EV_FAILBACK_GROUP_END, "failback_group_end", OC_LANE_FAILBACK_GROUP),
    MARKS(OC_EV_DNS_SWITCH, "dns_switch", OC_LANE_DNS),
    KIND(OC_EV_CONTROL_PLANE, "control_plane"),
    KIND(OC_EV_FAILOVER_BLOCKED, "failover_blocked"),
    MARKS(OC_EV_ENDPOINT, "endpoint", OC_LANE_DNS),
    MARKS(OC_EV_SCALE_OUT, "scale_out", OC_LANE_PROVISION),
    MARKS(OC_EV_ALERT, "alert", OC_LANE_DETECT),
    MARKS(OC_EV_OPERATOR, "operator", OC_LANE_DETECT),
    KIND(OC_EV_REFUSED, "refused"),
};

#undef KIND
#undef OPENS
#undef CLOSES
#undef MARKS

oc_event_kind oc_event_kind_find(const char *name)
{
    for (size_t i = 1; i < OC_NEVENT_KINDS; i++)
        if (strcmp(oc_event_kinds[i].name, name) == 0)
            return (oc_event_kind)i;
    return OC_EV_UNKNOWN;
}

const char *oc_event_kind_name(oc_event_kind k)
{
    return (unsigned)k < OC_NEVENT_KINDS ? oc_event_kinds[k].name : oc_event_kinds[0].name;
}

/* ---- Trials and timelines ---------------------------------------------------- */

void oc_trial_init(oc_trial *t, uint64_t trial)
{
    memset(t, 0, sizeof *t);
    t->trial = trial;
    t->stratum = -1;
}

double oc_rank_value(const oc_trial *t, oc_metric m)
{
    if (t->present[m])
        return t->value[m];
    if (!oc_metrics[m].absent_is_worst)
        return (double)NAN;
    return oc_metrics[m].lower_is_better ? HUGE_VAL : -HUGE_VAL;
}

void oc_event_add(oc_timeline *tl, sim_time t, oc_event_kind kind, const char *subject,
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
