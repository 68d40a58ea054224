/*
 * recovery.h — getting compute and data back (recovery.c): VMs restarting in
 * place, detection and decision, the wait, geo-restore and Site Recovery
 * strategies, drills. Private to models/world; the state is in worldInt.h.
 */
#ifndef DRSIM_RECOVERY_H
#define DRSIM_RECOVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/world/worldInt.h"

/* The application just stopped serving for the first time: monitoring
 * starts counting towards detection. */
void rec_on_disrupted(world *w);

/* Brings every VM and the strategy's progress up to date with the world. */
void rec_refresh(world *w);

/* Schedules the trial's test failover, when the strategy has one. */
void rec_schedule_drill(world *w);

/* At the end of a trial: the fate of data still counted intact. */
void rec_finish(world *w);

/* ---- what a runbook's actions use (runbook.c) ---------------------------------- */

/* Site Recovery: whether its target cannot take a failover now (its region
 * or control plane down), and the target in words. */
bool rec_target_down(const world *w);
const char *rec_target_name(const world *w, char *buf, size_t n);

/* Runs the recovery plan now (the target is up: rec_target_down said so),
 * to the point w->rp. */
void rec_asr_failover(world *w);

/* A test failover now; committing the failover; whether the source is up
 * for re-protection, and re-protecting (a diff sync, or a full replication
 * when the source disks are gone). */
void rec_test_failover(world *w);
void rec_commit(world *w);
bool rec_source_up(const world *w);
void rec_reprotect(world *w);

/* VM v is taken away from its place now (deleted, or shut down for a
 * failover): its pending event cancelled, down from now if it was up. */
void rec_hand_over(world *w, vm_rt *v);

/* Creates VM v in `region` from its VHDs (the strategy's `provision`);
 * whether every disk of v is a VHD on an account failed over to one region
 * that is up (*region). */
void rec_provision(world *w, vm_rt *v, uint32_t region);
bool rec_vhds_failed_over(const world *w, const vm_rt *v, uint32_t *region);

/* A customer failover's duration for account a (the strategy's, else the
 * account's, scaled by its size). */
sim_time rec_failover_duration(const world *w, const account_rt *a);

/* The newest instant before which everything VM v wrote had reached Site
 * Recovery's target by t: its replicated point at t. */
sim_time rec_replicated_point(world *w, vm_rt *v, sim_time t);

#endif
