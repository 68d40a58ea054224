/*
 * outcome.h — what one trial of one variant measured, and the catalogue of
 * metrics that names them.
 *
 * The metric catalogue is the one list of outcome names and of the rules that
 * go with each: the loader checks `expect:` rules against it, the store names
 * its columns after it, the statistics count its absent values by it, the
 * reports label their tables with it. Adding a metric means adding a row here.
 *
 * An oc_trial is a plain value. A metric may be absent (SQL NULL): RPO when the
 * data was lost altogether, RTO when service did not return within the
 * horizon, drill RTO when no drill ran.
 *
 * A timeline is a list of events; an event's kind is one of the event-kind
 * catalogue's, its subject and detail are copied into it, so a timeline
 * outlives the world that recorded it.
 *
 * The event-kind catalogue is the one list of what a timeline's events are:
 * the world records a kind, the store writes its name (the event table's
 * `kind` column, a public interface: names never change meaning), readers
 * map a stored name back to its kind, and renderers draw a kind by the
 * catalogue's attributes — never by comparing names or reading the detail,
 * which is free text for people. What a renderer must know about an event is
 * in its kind or its subject.
 */
#ifndef DRSIM_OUTCOME_H
#define DRSIM_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/core/err.h"
#include "sim/kernel/engine.h"

typedef enum oc_unit {
    OC_UNIT_SECONDS = 0,
    OC_UNIT_BYTES,
    OC_UNIT_COUNT,
    OC_UNIT_SHARE, /* a 0/1 flag per trial; its mean is the share of trials */
    OC_UNIT_MONEY  /* an amount in the scenario's currency (prices.currency) */
} oc_unit;

typedef enum oc_metric {
    OC_RPO = 0,              /* s: disruption start - recovery point, worst over the app's data */
    OC_RTO,                  /* s: disruption start until the app serves again */
    OC_DEGRADED,             /* s: of the RTO, at reduced capacity: serving (reads and
                                writes) below the capacity it needs */
    OC_READ_ONLY,            /* s: of the RTO, serving reads only (its data readable,
                                not writable, and the app read_only) */
    OC_FULLY_DOWN,           /* s: of the RTO, serving nothing at all (these three to
                                the horizon when it never serves in full again;
                                absent: not measured, runs before they were) */
    OC_SERVING_RTO,          /* s: from its first instant serving nothing until it
                                serves at least reads again for good, i.e. the end of
                                its last spell of nothing before full service (0:
                                never fully down; to the horizon when it never ends) */
    OC_CLIENT_DOWNTIME,      /* s: mean over clients, incl. DNS / Traffic Manager */
    OC_CLIENT_DOWNTIME_P95,  /* s: 95th percentile over clients */
    OC_WRITE_DOWNTIME,       /* s: the app's data not writable */
    OC_READ_DOWNTIME,        /* s: the app's data not readable */
    OC_DATA_LOSS_WRITES,     /* writes acknowledged and not recovered */
    OC_DATA_LOSS_BYTES,      /* bytes of those writes */
    OC_WRITE_CONFLICTS,      /* writes accepted in two regions to the same items that
                                conflict (multi-region write Cosmos DB accounts:
                                models/world/cosmos.h); absent: not measured, runs
                                before it was */
    OC_DATA_LOST_ALL,        /* flag: some data of the app is gone for good */
    OC_FAILED_OVER,          /* flag: the strategy failed over */
    OC_CONSISTENT,           /* flag: recovered VMs crash-consistent (per VM, per group) */
    OC_APP_CONSISTENT,       /* flag: recovered from app-consistent points */
    OC_DISRUPTED,            /* flag: an outage reached the app in this trial */
    OC_DRILL_RTO,            /* s: test failover's RTO (no production effect) */
    OC_OUTAGE_COST,          /* money: what the trial's disruption cost the business
                                (models/world/cost.h); absent without business
                                figures, and in runs before it was measured */
    OC_DESTROYED,            /* flag: an outage of this trial destroyed its scope's
                                copies (whether or not the app was there); absent in
                                runs before it was recorded */
    OC_NMETRICS
} oc_metric;

typedef struct oc_metric_info {
    oc_metric id;
    const char *name;    /* as in expect: rules and reports, e.g. "rpo" */
    const char *column;  /* the trial table's column, e.g. "rpo_s" */
    oc_unit unit;
    bool lower_is_better;
    bool directed;       /* lower (or higher) is better: false for what is a cost
                            or a circumstance, not a goal (failing over, being
                            disrupted), or a part of a disruption that trades
                            against the others (read-only, reduced capacity),
                            which no comparison calls better */
    const char *label;   /* for tables: "RPO" */
    bool absent_is_worst;    /* an absent value counts as the worst one (+inf);
                                else it is left out of the distribution */
    const char *worst_label; /* what that worst value reads as: "lost", "never" */
    const char *worst_means; /* which trials have it, in words: "trials that
                                lost the data altogether" */
    const char *mean_name;   /* its mean in a sentence: "mean bytes lost",
                                "share of trials that failed over"; NULL: the
                                label */
} oc_metric_info;

/* The catalogue, indexed by oc_metric. */
extern const oc_metric_info oc_metrics[OC_NMETRICS];

/* The metric named `name`, or NULL. */
const oc_metric_info *oc_metric_find(const char *name);

/* Every metric name, comma-separated ("rpo, rto, ..."), for messages: writes
 * at most n bytes (NUL included) and returns the length the whole list needs,
 * as snprintf. The statistics a rule may name are sim/core/stats.h's. */
size_t oc_metric_list(char *buf, size_t n);

/* The comparisons of an expectation, and their text ("<", "<=", "==", "!=",
 * ">=", ">"; oc_op_names is NULL-terminated). */
typedef enum oc_op {
    OC_OP_LT = 0,
    OC_OP_LE,
    OC_OP_EQ,
    OC_OP_NE,
    OC_OP_GE,
    OC_OP_GT,
    OC_NOPS
} oc_op;

extern const char *const oc_op_names[OC_NOPS + 1];

/* Whether `observed op threshold` holds (false when observed is NAN). */
bool oc_compare(double observed, oc_op op, double threshold);

/* One expectation: a statistic of a metric over the trials of every variant
 * of `target` (a variant's name, or a strategy's: all its sweep variants),
 * compared with a threshold. */
typedef struct oc_rule {
    const char *target;
    const char *metric;  /* a catalogue name, e.g. "rpo" */
    const char *stat;    /* a statistic's name (sim/core/stats.h), e.g. "p99" */
    oc_op op;
    double threshold;    /* in the metric's base unit */
    const char *text;    /* as written, e.g. "<= 15m" */
    uint32_t line, col;  /* where it was written; 0 = nowhere */
    const char *given;   /* NULL: over every trial; else a flag metric's name
                            ("disrupted"): over the trials where it is 1, as
                            written "rto.p95 | disrupted" */
} oc_rule;

/* Whether `name` — the target of an expect: rule, a --variant option, the
 * VARIANT of RUN:VARIANT — selects the variant called `variant` of the
 * strategy called `strategy` (NULL when unknown): it does when it is the
 * variant's own name, or its strategy's name, which selects every sweep
 * variant of that strategy. A variant is named after its strategy, with its
 * sweep values in brackets, so the two readings never disagree. */
bool oc_name_selects(const char *name, const char *variant, const char *strategy);

typedef struct oc_trial {
    uint64_t trial;
    double value[OC_NMETRICS];
    bool present[OC_NMETRICS];
    const char *consistency; /* "app", "crash", "none", or NULL (nothing restored from copies) */
    int32_t stratum;         /* its stratum (models/scenario/strata.h), or -1: not stratified */
} oc_trial;

/* Sets every metric absent, the trial number, and no stratum. */
void oc_trial_init(oc_trial *t, uint64_t trial);

/* Trial t's value of metric m for ordering trials or plays: its value when
 * present; when absent, the worst one (+inf, or -inf where higher is better)
 * if the catalogue says absence is the worst (absent_is_worst), else NAN —
 * not applicable, to be left out. */
double oc_rank_value(const oc_trial *t, oc_metric m);

/* Sets one metric present with a value. */
static inline void oc_set(oc_trial *t, oc_metric m, double v)
{
    t->value[m] = v;
    t->present[m] = true;
}

/* ---- Events ---------------------------------------------------------------- */

/* Every kind of event a trial records. OC_EV_UNKNOWN is what a reader makes
 * of a name that is none of these (a database from elsewhere, or damaged):
 * shown by its stored name, drawn nowhere. The subject of each, when it has
 * one, is named after the kind. */
typedef enum oc_event_kind {
    OC_EV_UNKNOWN = 0,
    OC_EV_OUTAGE_START,          /* region: an outage begins */
    OC_EV_OUTAGE_END,            /* region */
    OC_EV_STORAGE_DESTROYED,     /* account: its primary copies are gone */
    OC_EV_STORAGE_DOWN,          /* account */
    OC_EV_STORAGE_UP,            /* account */
    OC_EV_SERVICE_DOWN,          /* the application stops serving */
    OC_EV_SERVICE_RESTORED,      /* ... and serves again */
    OC_EV_DETECTED,              /* monitoring raises the alarm */
    OC_EV_DECISION,              /* what the strategy decides */
    OC_EV_DELETE_VMS,            /* geo-restore deletes VMs to free their disks */
    OC_EV_FAILOVER_START,        /* account: a customer-managed failover */
    OC_EV_FAILOVER_END,          /* account */
    OC_EV_PROVIDER_FAILOVER,     /* region (the provider's decision) or account (done) */
    OC_EV_DNS_REMAP,             /* account: its endpoint points elsewhere */
    OC_EV_RESYNC_START,          /* account: geo-redundancy re-enabled */
    OC_EV_RESYNC_COMPLETE,       /* account */
    OC_EV_FAILBACK_START,        /* account, or none: Site Recovery's failback plan */
    OC_EV_FAILBACK_END,          /* account, or none */
    OC_EV_FAILBACK_LOSS,         /* Site Recovery's unplanned failback loses writes */
    OC_EV_VM_DOWN,               /* VM */
    OC_EV_VM_LOST,               /* VM */
    OC_EV_VM_UP,                 /* VM */
    OC_EV_PROVISION_START,       /* VM: a new VM from replicated disks */
    OC_EV_RECOVERY_POINT,        /* VM: the point Site Recovery restores it to */
    OC_EV_PROCESSING,            /* Site Recovery processes pending data first */
    OC_EV_PLAN_START,            /* the failover's recovery plan */
    OC_EV_PLAN_COMPLETE,
    OC_EV_GROUP_START,           /* group: of the failover's plan */
    OC_EV_GROUP_END,             /* group */
    OC_EV_ACTION,                /* group: a script or manual action of a plan */
    OC_EV_CAPACITY_DELAY,        /* VM: the target region lacks capacity */
    OC_EV_COMMIT,                /* the failover committed */
    OC_EV_REPROTECT_START,
    OC_EV_REPROTECTED,
    OC_EV_DRILL,                 /* a test failover is started */
    OC_EV_DRILL_START,           /* the drill's recovery plan */
    OC_EV_DRILL_END,
    OC_EV_DRILL_GROUP_START,     /* group: of the drill's plan */
    OC_EV_DRILL_GROUP_END,       /* group */
    OC_EV_FAILBACK_GROUP_START,  /* group: of Site Recovery's failback plan */
    OC_EV_FAILBACK_GROUP_END,    /* group */
    OC_EV_DNS_SWITCH,            /* application: its clients follow it */
    OC_EV_CONTROL_PLANE,         /* VM or account: a management operation waits for
                                    its region's control plane */
    OC_EV_FAILOVER_BLOCKED,      /* account: its customer failover cannot proceed */
    OC_EV_ENDPOINT,              /* application: its entry sees a region's endpoint
                                    degraded or healthy again */
    OC_EV_SCALE_OUT,             /* VM group: a standby's scale-out starts or is done */
    OC_EV_ALERT,                 /* an alert or a status-page notice the operator sees */
    OC_EV_OPERATOR,              /* the operator's action (a runbook step), taken */
    OC_EV_REFUSED,               /* ... refused by the service (the detail says why) */
    OC_NEVENT_KINDS
} oc_event_kind;

/* The lanes of a timeline chart (a Gantt), in reading order: the outage and
 * the application first, then what the strategy did, then what came after. */
typedef enum oc_lane {
    OC_LANE_NONE = 0,            /* drawn nowhere */
    OC_LANE_OUTAGE,
    OC_LANE_DATA_DESTROYED,
    OC_LANE_APP_DOWN,
    OC_LANE_DETECT,
    OC_LANE_ACCOUNT_FAILOVER,
    OC_LANE_PROVISION,
    OC_LANE_PLAN,
    OC_LANE_PLAN_GROUP,
    OC_LANE_DRILL,
    OC_LANE_DRILL_GROUP,
    OC_LANE_VMS_UP,
    OC_LANE_DNS,
    OC_LANE_RESYNC,
    OC_LANE_REPROTECT,
    OC_LANE_FAILBACK,
    OC_LANE_FAILBACK_GROUP,
    OC_NLANES
} oc_lane;

typedef struct oc_lane_info {
    const char *label;   /* "account failover" */
    bool per_subject;    /* one lane per subject: "account failover vhds" */
    unsigned rank;       /* reading order; lanes of one rank keep the order
                            their first events came in */
} oc_lane_info;

/* The lanes, indexed by oc_lane. */
extern const oc_lane_info oc_lanes[OC_NLANES];

/* What an event draws on its lane. */
typedef enum oc_gantt {
    OC_GANTT_NONE = 0,   /* nothing (the events table lists it) */
    OC_GANTT_OPEN,       /* opens a bar */
    OC_GANTT_CLOSE,      /* closes the lane's last open bar */
    OC_GANTT_MARK        /* a moment */
} oc_gantt;

/* What a bar shows. */
typedef enum oc_bar {
    OC_BAR_OUTAGE = 0,   /* the outage itself */
    OC_BAR_DOWN,         /* the application down */
    OC_BAR_WAIT,         /* detection and decision */
    OC_BAR_WORK,         /* failover, recovery plan, groups */
    OC_BAR_AFTER         /* re-sync, re-protect, failback */
} oc_bar;

typedef struct oc_event_kind_info {
    oc_event_kind id;
    const char *name;    /* as stored: "outage_start" */
    oc_gantt gantt;
    oc_lane lane;        /* OC_LANE_NONE when gantt is OC_GANTT_NONE */
    oc_bar bar;          /* OC_GANTT_OPEN: the bar's class */
} oc_event_kind_info;

/* The catalogue, indexed by oc_event_kind (OC_EV_UNKNOWN's name is "?"). */
extern const oc_event_kind_info oc_event_kinds[OC_NEVENT_KINDS];

/* The kind stored as `name`; OC_EV_UNKNOWN for any other name. */
oc_event_kind oc_event_kind_find(const char *name);

/* The name kind k is stored as. */
const char *oc_event_kind_name(oc_event_kind k);

#define OC_SUBJECT_MAX 64
#define OC_DETAIL_MAX 160

typedef struct oc_event {
    sim_time t;                    /* µs from trial start */
    oc_event_kind kind;
    char subject[OC_SUBJECT_MAX];  /* an entity's name, or "" (copied, truncated) */
    char detail[OC_DETAIL_MAX];    /* free text (copied, truncated) */
} oc_event;

/* A growable list of events. Owned by whoever made it; oc_timeline_free
 * releases the events (not the struct). A timeline that is not `enabled`
 * records nothing, so untraced trials pay nothing for it. */
typedef struct oc_timeline {
    bool enabled;
    oc_event *events;
    size_t len, cap;
    err_code error; /* ERR_NOMEM when an event could not be recorded */
} oc_timeline;

/* Appends an event (detail printf-style, may be NULL). On allocation failure
 * sets tl->error and drops the event. */
void oc_event_add(oc_timeline *tl, sim_time t, oc_event_kind kind, const char *subject,
                  const char *detail_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Sorts events by time, keeping the order of equal times (stable). */
void oc_timeline_sort(oc_timeline *tl);

void oc_timeline_clear(oc_timeline *tl);
void oc_timeline_free(oc_timeline *tl);

#endif
