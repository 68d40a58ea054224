/*
 * recovery.h — getting compute and data back (recovery.c): VMs restarting in
 * place, detection and decision, the wait, geo-restore and Site Recovery
 * strategies, drills. Private to models/world; the state is in worldInt.h.
 */
#ifndef DRSIM_RECOVERY_H
#define DRSIM_RECOVERY_H

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

#endif
