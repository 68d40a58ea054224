/*
 * outcome.h — what one trial of one variant measured, and the catalogue of
 * metrics that names them.
 *
 * The metric catalogue is the one list of outcome names: the loader checks
 * `expect:` rules against it, the store names its columns after it, the
 * reports label their tables with it. Adding a metric means adding a row here.
 *
 * An oc_trial is a plain value. A metric may be absent (SQL NULL): RPO when the
 * data was lost altogether, RTO when service did not return within the
 * horizon, drill RTO when no drill ran.
 *
 * A timeline is a list of events; an event's kind is a static string, its
 * subject and detail are copied into it, so a timeline outlives the world
 * that recorded it.
 */
#ifndef DRSIM_OUTCOME_H
#define DRSIM_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "err.h"

typedef enum oc_unit {
    OC_UNIT_SECONDS = 0,
    OC_UNIT_BYTES,
    OC_UNIT_COUNT,
    OC_UNIT_SHARE /* a 0/1 flag per trial; its mean is the share of trials */
} oc_unit;

typedef enum oc_metric {
    OC_RPO = 0,              /* s: disruption start - recovery point, worst over the app's data */
    OC_RTO,                  /* s: disruption start until the app serves again */
    OC_CLIENT_DOWNTIME,      /* s: mean over clients, incl. DNS / Traffic Manager */
    OC_CLIENT_DOWNTIME_P95,  /* s: 95th percentile over clients */
    OC_WRITE_DOWNTIME,       /* s: the app's data not writable */
    OC_READ_DOWNTIME,        /* s: the app's data not readable */
    OC_DATA_LOSS_WRITES,     /* writes acknowledged and not recovered */
    OC_DATA_LOSS_BYTES,      /* bytes of those writes */
    OC_DATA_LOST_ALL,        /* flag: some data of the app is gone for good */
    OC_FAILED_OVER,          /* flag: the strategy failed over */
    OC_CONSISTENT,           /* flag: recovered VMs crash-consistent (per VM, per group) */
    OC_APP_CONSISTENT,       /* flag: recovered from app-consistent points */
    OC_DISRUPTED,            /* flag: an outage reached the app in this trial */
    OC_DRILL_RTO,            /* s: test failover's RTO (no production effect) */
    OC_NMETRICS
} oc_metric;

typedef struct oc_metric_info {
    oc_metric id;
    const char *name;    /* as in expect: rules and reports, e.g. "rpo" */
    const char *column;  /* the trial table's column, e.g. "rpo_s" */
    oc_unit unit;
    bool lower_is_better;
    const char *label;   /* for tables: "RPO" */
} oc_metric_info;

/* The catalogue, indexed by oc_metric. */
extern const oc_metric_info oc_metrics[OC_NMETRICS];

/* The metric named `name`, or NULL. */
const oc_metric_info *oc_metric_find(const char *name);

/* Statistics an expectation may judge: n, mean, sd, min, p50, p90, p95, p99,
 * max. Returns true when `stat` is one of them. */
bool oc_stat_known(const char *stat);

/* The list above as one string, for error messages ("n, mean, ..."). */
const char *oc_stat_names(void);

/* All metric names, comma-separated, for error messages. */
const char *oc_metric_names(void);

typedef struct oc_trial {
    uint64_t trial;
    double value[OC_NMETRICS];
    bool present[OC_NMETRICS];
    const char *consistency; /* "app", "crash", "none", or NULL (nothing restored from copies) */
} oc_trial;

/* Sets every metric absent and the trial number. */
void oc_trial_init(oc_trial *t, uint64_t trial);

/* Sets one metric present with a value. */
static inline void oc_set(oc_trial *t, oc_metric m, double v)
{
    t->value[m] = v;
    t->present[m] = true;
}

#define OC_SUBJECT_MAX 64
#define OC_DETAIL_MAX 160

typedef struct oc_event {
    sim_time t;                    /* µs from trial start */
    const char *kind;              /* static: "outage_start", "detected", ... */
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
void oc_event_add(oc_timeline *tl, sim_time t, const char *kind, const char *subject,
                  const char *detail_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Sorts events by time, keeping the order of equal times (stable). */
void oc_timeline_sort(oc_timeline *tl);

void oc_timeline_clear(oc_timeline *tl);
void oc_timeline_free(oc_timeline *tl);

#endif
