/*
 * backup.h — Azure Backup of VMs and its cross-region restore (backup.c):
 * the recovery points a policy takes, when each is in the secondary region,
 * and the `restore` strategy. Private to models/world; the state is in
 * worldInt.h (a VM's), the configuration in scenario.h (scn_backup).
 */
#ifndef DRSIM_BACKUP_H
#define DRSIM_BACKUP_H

#include "models/world/worldInt.h"

/* The time of policy b's latest recovery point at or before t: the policy's
 * schedule (a daily time, or every `every` from `at`) on a clock whose 00:00
 * UTC is time 0, running before the trial too. */
sim_time bk_point_at_or_before(const scn_backup *b, sim_time t);

/* The latest point of policy b usable in the secondary region by a restore:
 * taken at or before `failure` (the VM's last instant up), and copied there
 * by `copied_by` (its copy takes `lag`): at or before
 * min(failure, copied_by - lag). */
sim_time bk_secondary_point(const scn_backup *b, sim_time failure, sim_time copied_by,
                            sim_time lag);

/* The policy protecting VM group g, or NULL. */
const scn_backup *bk_policy_of(const world *w, uint32_t g);

/* The decision of a `restore` strategy: each VM of an application that a
 * policy with cross-region restore protects and that is not up is restored
 * in its region's pair from its latest point there. Returns whether any VM
 * is being restored. */
bool bk_start_restore(world *w);

#endif
