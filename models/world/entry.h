/*
 * entry.h — an application's entry: which of its regions its clients are
 * sent to, and how long they take to follow a change (entry.c).
 *
 * An application deployed in several regions (apps.h) has one endpoint per
 * region, in priority order. apps.c tells the entry when an endpoint stops
 * or starts serving (at least reads); the entry decides, by its own rule,
 * which endpoints it sees healthy, and sends clients to the first of them
 * (priority routing). This is the whole interface an entry implements:
 *
 *   ent_reset     a trial begins: every endpoint up and healthy;
 *   ent_endpoint  endpoint i went down or came back now;
 *   ent_decided   the team's decision to fail over was taken now;
 *   ent_route     the endpoint clients are sent to now;
 *   ent_ttl       the DNS TTL clients follow a change of route over (0
 *                 behind Front Door: anycast).
 *
 * Entries:
 *   traffic_manager  probes each endpoint (traffic-manager-monitoring.md):
 *                    degraded at the (tolerated + 1)-th consecutive failed
 *                    probe (dns_degraded_at), healthy at the next probe once
 *                    it answers (dns_healthy_at), each endpoint with its own
 *                    probe phase; priority routing sends clients to the
 *                    first healthy endpoint and, when every endpoint is
 *                    degraded, to the first of all (traffic-manager-
 *                    monitoring.md: "If all endpoints in a profile are
 *                    degraded, then Traffic Manager treats all endpoints as
 *                    healthy and routes traffic to all endpoints"). It fails
 *                    back by itself when the first endpoint is healthy again.
 *   front_door       anycast, no DNS TTL: an edge location probes each origin
 *                    (health-probes.md) and takes it out of rotation at its
 *                    (sample_size - required + 1)-th failed probe
 *                    (fd_disabled_at), back in at the probe by which
 *                    `required` of the last `sample_size` succeeded
 *                    (fd_enabled_at); it routes to the first origin in
 *                    rotation (priority), and fails back by itself.
 *                    Simplified: the route is one edge location's, its
 *                    phase drawn per trial and per origin (as Traffic
 *                    Manager's one probing agent); the spread over edge
 *                    locations is not counted for several regions (each
 *                    trial draws another edge, so means over trials hold);
 *                    and while every origin is out of rotation, Front
 *                    Door's round robin across all of them (the share that
 *                    reaches an answering origin served) is taken as the
 *                    first origin, as Traffic Manager's all-degraded rule.
 *   dns              a name remapped by hand: at the decision, the team
 *                    switches away from the endpoints down then; it does not
 *                    switch back (no failback of a manual entry is modelled).
 *
 * Endpoint i's probes draw their phase from its own stream, so adding a
 * region changes no other endpoint's timing.
 */
#ifndef DRSIM_ENTRY_H
#define DRSIM_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/world/worldInt.h"

void ent_reset(world *w, app_rt *a);
void ent_endpoint(world *w, app_rt *a, size_t i, bool up);
void ent_decided(world *w, app_rt *a);
/* The operator takes a's endpoint in `region` out (Traffic Manager's
 * endpoint disabled, Front Door's origin disabled, the DNS name remapped):
 * clients leave it at once and it stays out for the trial. False with the
 * reason in why when a has no such endpoint or it is out already. */
bool ent_disable(world *w, app_rt *a, uint32_t region, char *why, size_t n);

int ent_route(const app_rt *a);
double ent_ttl(const app_rt *a);

#endif
