/*
 * worldInt.h — the world's state, shared by world.c (trial loop, outages,
 * availability, outcome), storage.c (accounts, replication, failover),
 * recovery.c (detection, decision, the three strategies) and wi.c (the
 * helpers they all use). Each file's functions are in its own header: wi.h,
 * storage.h, recovery.h.
 *
 * Entities are built once per world from the scenario; their "per trial"
 * fields are reset at the start of every trial. Every random draw of a trial
 * comes from a stream keyed by a precomputed entity id (never by the
 * variant), so trial k of every variant draws the same world.
 *
 * States (per trial):
 *   account: primary up / down (unavailable) / destroyed; failing over
 *            (planned or unplanned); failed over (unplanned: LRS in the new
 *            region until the customer regains geo-redundancy; planned: still
 *            geo-redundant); failing back; failed back.
 *   VM:      up in place; down (its place or disks unavailable); booting;
 *            lost (disks destroyed, or moved away by an account failover);
 *            handed over (a strategy recovers it elsewhere); creating; up
 *            elsewhere. A lost VM of a stateless group is rebuilt in place
 *            from its image (creating, then up in place) once its place is
 *            back.
 * Invariant: a VM handed over or up elsewhere is never restarted in place.
 */
#ifndef DRSIM_WORLD_INT_H
#define DRSIM_WORLD_INT_H

#include "models/outcome.h"
#include "models/scenario/scenario.h"
#include "models/scenario/strata.h"
#include "models/world/dns.h"
#include "models/world/frontdoor.h"
#include "models/world/topology.h"
#include "models/world/world.h"
#include "models/world/writes.h"
#include "sim/kernel/rng.h"

typedef struct world world;

/* What became of a stream's data after the trial's disruption. */
typedef enum data_fate {
    FATE_INTACT = 0, /* never lost its primary, or got it back intact */
    FATE_RESTORED,   /* recovered from a copy, up to a recovery point */
    FATE_LOST        /* gone for good */
} data_fate;

/* A stream of writes: an account's own writes, or one disk's churn. */
typedef struct stream_rt {
    world *w;
    const char *label;       /* "vhds", "web-1/os", "sql-2/data1" */
    char *label_owned;       /* a disk's label, allocated (label points to it) */
    uint64_t entity;         /* id of the write tree's streams */
    uint64_t draw_entity;    /* id of the per-trial rate and size draws */
    uint64_t lag_entity;     /* id of the replication-lag draw */
    bool disk;               /* churn of a disk (rate = churn / io_size) */
    const scn_writes *writes;/* !disk */
    const scn_disk *dcfg;    /* disk */
    int32_t account;         /* replicating account (GRS), or SCN_NONE */
    int32_t vm;              /* disk's VM instance, or SCN_NONE */
    wr_stream *ws;
    wr_stream *rev;          /* writes after a failover, replicated back (failback) */
    /* per trial */
    wr_params params;
    double byte_rate;        /* mean bytes/s */
    data_fate fate;
    sim_time rp;             /* FATE_RESTORED: the recovery point (all writes before it kept) */
    sim_time lost_from;      /* writes in (rp, lost_from] are lost */
} stream_rt;

/* One change of an account's availability (its own state, before DNS), or a
 * remap of its endpoint: clients then follow as their cached records expire,
 * spread uniformly over the account's TTL (world.c's downtime sweep). */
typedef struct avail_change {
    sim_time t;
    bool writable, readable;
    bool remap;              /* the endpoint was remapped at t */
} avail_change;

typedef struct account_rt {
    world *w;
    const scn_account *cfg;
    uint32_t index;
    uint64_t id;             /* hash of "acct:<name>" */
    size_t *streams;         /* indices of the streams it replicates */
    size_t nstreams;
    bool data;               /* holds application data */
    bool has_leases;         /* holds disks of VMs (leases block failover) */
    /* per trial */
    uint32_t zone, dc;       /* primary placement (LRS/GRS kinds) */
    double bandwidth;        /* bytes/s, SCN_GEO_BANDWIDTH */
    double sync_rate;        /* bytes/s of the initial sync when geo is regained */
    sim_time latency, dns_ttl;
    bool down;               /* primary unavailable now */
    bool destroyed;          /* primary copies gone */
    sim_time down_at;        /* first instant the primary became unavailable */
    bool lst_frozen;         /* the LST and the blobs' recovery points are fixed */
    sim_time lst;            /* the account's Last Sync Time at down_at, once frozen */
    bool gpr;                /* Geo Priority Replication on (an unplanned failover ends it) */
    bool failing_over, failed_over, by_provider;
    bool planned;            /* the failover under way, or done, is planned */
    bool planned_waiting;    /* a planned failover waits for both regions */
    sim_time failover_start, failover_end;
    sim_time failover_duration; /* of the customer failover under way */
    uint32_t region_now;     /* the current primary region */
    bool geo_now;            /* geo-replicated now (false after an unplanned
                                failover until geo-redundancy is regained) */
    sim_time home_back_at;   /* after a failover: when the original region was
                                first up again */
    bool regain_due;         /* the conversion back to GRS has begun: its
                                initial sync waits for the original region */
    bool resyncing;
    sim_time resync_start, resync_done;
    bool failback_scheduled, failing_back, failed_back;
    sim_event ev;
    avail_change *log;
    size_t nlog, caplog;
    bool writable, readable; /* as last logged */
} account_rt;

/* An Azure SQL failover group (sqlfg.h). */
typedef struct sqlfg_rt {
    world *w;
    const scn_sql *cfg;
    uint32_t index;
    bool data;               /* holds application data */
    wr_stream *ws;           /* the application's writes to it */
    /* per trial */
    wr_params params;
    uint32_t zone, dc;       /* not zone redundant: the primary's place */
    sim_time lag;            /* the geo-replication lag (drawn per trial) */
    double rw_ttl;           /* s, the read-write listener's TTL (drawn per trial) */
    uint32_t region_now;     /* the current primary's region */
    bool down;               /* the primary is unavailable now */
    sim_time down_at;        /* first instant the primary went down (SIM_NEVER) */
    sim_time spell_at;       /* the start of the current spell down */
    bool hit;                /* an outage of the primary's region is on */
    sim_time hit_at;         /* ... since then (Microsoft's grace period) */
    bool requested, req_planned, req_microsoft; /* a failover waits to begin */
    bool failing_over, failed_over, planned, by_microsoft;
    sim_time failover_start, failover_end;
    bool lost;               /* the primary destroyed, never failed over */
    sim_time rp, lost_from;  /* forced failover: writes in [rp, lost_from] lost */
    bool writable, readable; /* as the application sees it now (as last logged) */
    avail_change *log;       /* its availability, and the read-write listener's
                                remap, for the data downtimes (world.c) */
    size_t nlog, caplog;
    sim_time ttl_us;         /* rw_ttl in microseconds */
} sqlfg_rt;
/* One region of a Cosmos DB account (cosmos.h): [0] is the write region
 * as configured, then the read regions in failover priority order. */
typedef struct cosmos_region_rt {
    uint32_t region;
    uint64_t entity;         /* id of its write stream */
    wr_stream *ws;           /* the writes accepted there (single write: [0]'s
                                holds the account's writes wherever its write
                                region is) */
    /* per trial */
    uint32_t zone, dc;       /* non-zonal placement */
    bool up, destroyed;
    bool spell;              /* down now, its unreplicated writes not yet settled */
    sim_time down_at;        /* start of the current spell down */
    sim_time window;         /* its unreplicated window (the consistency's bound) */
} cosmos_region_rt;

/* Writes of one region's stream in (from, to] not recovered (at most cap),
 * or replicated late and conflicting with the others' until `back`. */
typedef struct cosmos_window_rt {
    size_t reg;
    sim_time from, to, back;
    bool conflict;
} cosmos_window_rt;

typedef struct cosmos_rt {
    world *w;
    const scn_cosmos *cfg;
    uint32_t index;
    uint64_t id;             /* hash of "cosmos:<name>" */
    bool data;               /* holds application data */
    cosmos_region_rt *reg;
    size_t nreg;
    /* per trial */
    wr_params params;
    size_t write_now;        /* single write: the current write region (index in reg) */
    bool smf_pending;        /* a service-managed failover is on its way */
    bool promote_when_up;    /* it came while no region was up */
    bool read_failed;        /* strong across two regions: the read region marked failed */
    bool failed_over;        /* a region was promoted */
    bool all_lost;           /* single region destroyed */
    cosmos_window_rt *win;
    size_t nwin, capwin;
    avail_change *log;
    size_t nlog, caplog;
    bool writable, readable; /* as last logged */
} cosmos_rt;

typedef enum vm_state {
    VM_UP = 0,
    VM_DOWN,
    VM_BOOTING,
    VM_LOST,
    VM_HANDED_OVER,
    VM_CREATING,
    VM_UP_ELSEWHERE
} vm_state;

typedef struct vm_rt {
    world *w;
    const scn_vm_group *g;
    uint32_t group;          /* VM group index */
    uint32_t instance;
    char *name;              /* "<group>-<instance+1>" */
    uint64_t id;             /* hash of "vm:<name>" */
    size_t first_stream;     /* its disks' streams: first_stream .. + g->ndisks */
    bool tier;               /* part of an application */
    int32_t plan_group;      /* asr: its recovery-plan group, or SCN_NONE */
    int32_t cgroup;          /* asr: its consistency group, or SCN_NONE */
    /* per trial */
    uint32_t zone, dc;
    vm_state state;
    uint32_t region_now;
    sim_time down_at;        /* first instant down, SIM_NEVER */
    sim_time up_at;          /* last instant it came up */
    sim_event ev;
    bool restored;           /* brought back from copies */
    bool rebuilt;            /* stateless: rebuilt in place from its image, on new
                                disks (the destroyed ones are behind it) */
    const char *consistency; /* "app", "crash", "none" when restored */
} vm_rt;

typedef struct outage_rt {
    world *w;
    const scn_outage *cfg;
    uint32_t index;
    uint64_t id;
    /* per trial */
    bool occurs, active, destructive;
    sim_time start, end, provider_at;
    topo_place place;
} outage_rt;

typedef enum plan_kind {
    PLAN_FAILOVER = 0,       /* the real failover: VMs come up in the target */
    PLAN_DRILL,              /* test failover: an isolated copy, production untouched */
    PLAN_FAILBACK            /* back to the source after re-protection */
} plan_kind;

/* A recovery plan being run. */
typedef struct plan_rt {
    world *w;
    plan_kind kind;
    bool running, done;
    size_t group;            /* the group running */
    size_t action;           /* its next action */
    sim_time started, finished;
    uint64_t salt;           /* mixed into every draw: 0 for the failover,
                                RNG_SALT_DRILL, RNG_SALT_FAILBACK */
} plan_rt;

/* One region of an application deployed in several: an endpoint its entry
 * routes clients to (entry.h), in priority order (the region of the tiers'
 * first groups first, then the others as their groups are listed). */
typedef struct app_rt app_rt;

/* A VM group's scale-out (scale_out): per trial. */
typedef struct scale_rt {
    world *w;
    uint32_t group;
    bool started, done;      /* requested; its capacity is scale_to */
} scale_rt;

typedef struct endpoint_rt {
    app_rt *app;
    uint32_t region;
    uint64_t id;             /* hash of "tm:<app>/<region>": its probes' phase */
    /* per trial */
    dns_probes probes;       /* Traffic Manager: its probes (a phase of its own) */
    fd_probes fd;            /* Front Door: one edge location's probes of it */
    bool up;                 /* serving at least reads there, as last refreshed */
    sim_time down_since;     /* the start of its last spell down (SIM_NEVER: none) */
    sim_time back_at;        /* the end of that spell (SIM_NEVER: still down) */
    bool healthy;            /* as the entry sees it: it takes clients */
    bool disabled;           /* the operator took it out (ent_disable) */
} endpoint_rt;

/* One tier of an application: its VM groups, one per region, the tier's own
 * group (the one the app names) first. */
typedef struct tier_rt {
    uint32_t *groups;
    size_t ngroups;
} tier_rt;

/* An application at run time (apps.h); the world builds one per scn_app,
 * or one of every VM group and account when the scenario names none. */
struct app_rt {
    world *w;
    const scn_app *cfg;      /* NULL: the implicit application */
    const char *name;
    tier_rt *tiers;
    size_t ntiers;
    uint32_t *groups_pool;   /* backing store of the tiers' group lists */
    bool *data;              /* naccounts flags: the accounts it writes to */
    endpoint_rt *ep;         /* several regions: one per region; else NULL */
    size_t nep;
    /* per trial */
    int route;               /* the endpoint its clients are sent to (-1: none) */
    sim_time switched_at;    /* the last change of route (SIM_NEVER: none) */
    int route_at_disrupt;    /* the route when the disruption began */
    sim_time switch_seen;    /* switched_at when it served in full again */
    int route_seen;          /* the route then */
};

/* What the operator sees fire (runbook.h): an alert, or a notice on the
 * provider's status page. Runbook steps wait for them; a drill lists them. */
typedef struct alert_rt {
    sim_time t;
    scn_alert kind;
    char subject[OC_SUBJECT_MAX];
    char text[OC_DETAIL_MAX];
    double eta;              /* a notice's ETA, s from t (0: none) */
} alert_rt;

#define ACT_ANSWER_MAX 512

/* An operator's action taken (a runbook step): what it did or why the
 * service refused it. */
typedef struct act_rt {
    size_t step;             /* index in the strategy's steps */
    sim_time t;
    bool refused;
    char answer[ACT_ANSWER_MAX];  /* whole (an event's detail is cut at OC_DETAIL_MAX) */
} act_rt;

/* A runbook step in a trial. */
typedef struct step_rt {
    world *w;
    size_t index;
    bool scheduled;          /* its time or its alert has come: it is on its way */
} step_rt;

/* A scripted status-page notice of an outage (its event's context). */
typedef struct notice_rt {
    world *w;
    const outage_rt *outage;
    const scn_notice *cfg;
} notice_rt;

struct world {
    const scn_world *cfg;
    const scn_strategy *st;
    bool site_recovery;       /* Site Recovery protects the VMs: kind asr, or a
                                 runbook like one */
    world_limits limits;
    sim_engine *eng;
    topology *topo;
    stream_rt *streams;
    size_t nstreams;
    account_rt *accounts;
    size_t naccounts;
    cosmos_rt *cosmos;        /* Cosmos DB accounts (cosmos.h) */
    size_t ncosmos;
    vm_rt *vms;
    size_t nvms;
    outage_rt *outages;
    size_t noutages;
    app_rt *apps;
    size_t napps;
    sqlfg_rt *sqlfg;          /* appended: SQL failover groups (sqlfg.h) */
    size_t nsqlfg;
    strata *strata;           /* sampling.strata (models/scenario/strata.h), or NULL */
    int32_t stratum;          /* this trial's stratum, or -1 */
    scale_rt *scales;         /* per VM group: its scale-out */
    uint32_t *group_up;       /* per VM group: its VMs up (scratch of apps_level) */
    size_t *acct_stream_pool; /* backing store of accounts' stream lists */
    size_t *scratch_idx;      /* naccounts entries, for the downtime sweep */
    sim_time *scratch_remap;  /* naccounts entries: each one's last remap */
    double *scratch_poly;     /* 2 naccounts + 3 coefficients */
    sim_time *scratch_t;      /* the sweep's breakpoints */
    size_t scratch_tcap;
    /* per trial */
    uint64_t seed, trial;
    oc_timeline *tl;
    err_code error;
    sim_time horizon;
    bool disrupted;          /* the application stopped serving at t_disrupt */
    sim_time t_disrupt, t_detect, t_decide;
    bool detected, decided;
    bool serving;
    int level;               /* app_level (apps.h): down, read-only, degraded or serving */
    sim_time level_since;    /* ... since then */
    sim_time degraded;       /* of the disruption so far, time degraded */
    sim_time read_only;      /* ... read-only */
    sim_time fully_down;     /* ... serving nothing */
    sim_time t_none;         /* the first instant of the disruption serving nothing */
    sim_time t_some;         /* ... and the end of the last spell of nothing before
                                full service (NEVER while in one) */
    bool recovered;          /* serving again after the disruption */
    sim_time t_recovered;
    bool failover;           /* the strategy began failing over */
    bool target_side;        /* the application now runs away from its source */
    sim_time source_back;    /* when the source deployment served again (wait) */
    plan_rt plan, drill, failback;
    bool asr_waiting;        /* decided, but the target region is down */
    bool committing, committed, reprotecting, reprotected;
    sim_time reprotect_done;
    double loss_writes, loss_bytes;
    bool any_lost;
    sim_time drill_rto;      /* -1: no drill */
    bool changed;            /* marked by wi_changed, cleared by the hook's refresh */
    scn_recovery_point rp;   /* the point Site Recovery fails over to (the
                                strategy's, or the operator's choice) */
    /* runbook.h: what the operator sees, and the runbook's steps */
    alert_rt *alerts;
    size_t nalerts, capalerts;
    act_rt *acts;
    size_t nacts, capacts;
    step_rt *steps;          /* per step of the strategy (its runbook) */
    size_t capsteps;
    notice_rt *notices;      /* per notice of every outage (built once) */
    size_t nnotices;
    sim_time t_first_alert;  /* the first alert (the application down), or SIM_NEVER */
    size_t alerts_seen;      /* alerts whose steps runbook.c has started */
    bool asr_alerted;        /* Site Recovery's RPO alert is on its way or fired */
    bool asr_started;        /* a runbook ran the recovery plan (processing, then the plan) */
};

/* The engine's after-event hook (world.c): when the event's handler marked
 * the world changed (wi_changed), re-evaluates availability and everything
 * that follows, until nothing more changes. Installed by world_create;
 * declared here so that tests can wrap it. */
void world_after_event(sim_engine *e, void *ctx);

#endif
