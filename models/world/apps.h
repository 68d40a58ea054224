/*
 * apps.h — which of an application's regions serve, at which capacity, and
 * what its clients get from them (apps.c).
 *
 * An application's tiers are VM groups; a tier may be deployed in several
 * regions (the groups whose `tier` names it), each group carrying a share of
 * the peak load (`capacity`, scaled out to `scale_to`). In region R the
 * application serves at capacity
 *     min over its tiers of share(g) * min(1, up(g) / needs(g)),
 * g the tier's group in R (or the tier's only group, reached across regions;
 * a tier deployed in several regions but not in R leaves R at 0), when its
 * data there is writable — the data accounts of the app (writes: primary),
 * or those in R (writes: local); with the data readable but not writable and
 * the app read_only it serves reads only. An application in one region is
 * the case of one endpoint, and reads exactly as before capacity shares.
 * With several regions, its entry (entry.h) picks the region clients reach.
 *
 * Levels, worst first: down (serving nothing), read-only, degraded (reads
 * and writes below the capacity it needs: `needs_capacity`), serving. The
 * world's level is the worst of its applications'.
 */
#ifndef DRSIM_APPS_H
#define DRSIM_APPS_H

#include "models/world/worldInt.h"

typedef enum app_level {
    APP_DOWN = 0,   /* serving nothing: a tier without a VM up, the data neither
                       writable nor (for a read_only app) readable, or a
                       recovery plan still running */
    APP_READ_ONLY,  /* serving reads: its data readable, not writable */
    APP_DEGRADED,   /* serving reads and writes, below the capacity it needs */
    APP_SERVING     /* serving at the capacity it needs */
} app_level;

/* Why the world is below APP_SERVING, for the timeline. */
typedef struct app_why {
    const app_rt *app;
    const scn_vm_group *short_group; /* degraded by a group short of VMs */
    uint32_t short_up;
    double capacity;                 /* the capacity served (degraded) */
    int32_t region;                  /* the region clients reach (-1: its only one) */
} app_why;

err_code apps_build(world *w);
void apps_destroy(world *w);

/* A trial begins: every group at its capacity, every endpoint up. */
void apps_reset(world *w);

/* The world's level now (after the accounts and VMs are refreshed); tells
 * each entry which endpoints stopped or started serving. */
app_level apps_level(world *w, app_why *why);

/* The disruption began: the route then (client downtime counts a switch
 * away from it). */
void apps_on_disrupted(world *w);

/* The application serves again in full: the route then is what its
 * clients had to follow. */
void apps_on_recovered(world *w);

/* The alarm, and the decision while the disruption lasts: standbys scale
 * out (scale_out.on), a manual entry switches. */
void apps_on_detect(world *w);
void apps_on_decide(world *w);

/* Client downtime of application a (mean and p95 over its clients), when
 * it is deployed in several regions: from the disruption until a client
 * reaches a region serving in full; false for an application in one region
 * (world.c counts its clients). */
bool apps_client_downtime(const world *w, const app_rt *a, const dns_clients *clients,
                          double *mean, double *p95);

/* The operator's scale-out of VM group `group` (`vmss scale`): false with
 * the reason in why when it has no scale_out or has begun one. */
bool apps_scale_out_group(world *w, uint32_t group, char *why, size_t n);

#endif
