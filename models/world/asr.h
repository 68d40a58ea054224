/*
 * asr.h — Azure Site Recovery's recovery points: the bookmark grid and its
 * retention and pruning.
 *
 * azure-to-azure-architecture.md / site-recovery-failover.md: a
 * crash-consistent recovery point every 5 minutes, app-consistent ones at a
 * configured interval (>= 1 hour). A point is a bookmark in the source VM's
 * write stream; its time is the bookmark's time at the source.
 * azure-to-azure-common-questions.md: every 5-minute point is kept for the
 * last 2 hours; older ones are pruned to one per hour (retention of 1 day),
 * one per 2 hours (2-7 days), or one per 2 hours for 7 days and one per 4
 * hours beyond (8-15 days); retention 0 keeps only the latest; points older
 * than the retention go. Pruning counts back from the newest point that
 * exists: if no new points can be created (the source is down), old ones are
 * kept.
 *
 * Bookmarks lie on a grid phase + k * interval, k any integer: replication
 * is taken to have been running, and making points, since before the trial
 * began (a trial starts in steady state, not at the initial replication).
 * App-consistent points use a multiple of the crash-consistent interval on
 * the same phase, so every app-consistent point is also a crash-consistent
 * one. Bucket boundaries of the pruning are multiples of the bucket in
 * simulated time.
 *
 * Pure functions; times in microseconds (possibly negative: before the
 * trial); ASR_NO_POINT means "no such point".
 */
#ifndef DRSIM_ASR_H
#define DRSIM_ASR_H

#include <stdbool.h>

#include "sim/kernel/engine.h"

#define ASR_NO_POINT INT64_MIN

/* The newest grid point at or before t. */
sim_time asr_point_at_or_before(sim_time phase, sim_time interval, sim_time t);

/* Whether crash-consistent point p (on the grid phase + k * interval) is
 * still kept when `newest` is the newest point and retention is `retention`. */
bool asr_point_kept(sim_time p, sim_time newest, sim_time retention, sim_time interval);

/* The newest kept point at or before t, or ASR_NO_POINT. */
sim_time asr_kept_at_or_before(sim_time phase, sim_time interval, sim_time newest,
                               sim_time retention, sim_time t);

#endif
