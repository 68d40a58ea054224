/*
 * runbook.h — the operator in a trial (runbook.c): a runbook strategy's
 * steps taken at their times or on the alerts (alerts.h), and the actions
 * themselves — each done as the real service does it, or refused with the
 * reason the service would give.
 *
 * Steps exist only for a strategy of kind runbook. `at` steps count from
 * the first alert (the application down); a `when` step is scheduled the
 * first time its alert fires, `after` later.
 * Private to models/world; the state is in worldInt.h.
 */
#ifndef DRSIM_RUNBOOK_H
#define DRSIM_RUNBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "models/world/worldInt.h"
#include "sim/core/err.h"

void rb_destroy(world *w);

/* A trial begins: no action taken; the steps' state sized to the
 * strategy's (ERR_NOMEM fails the trial). */
err_code rb_reset(world *w);

/* After a change: the alerts fired since the last call start the steps
 * that wait for them (the first alert, the `at` steps). */
void rb_refresh(world *w);

/* Takes action a now, as step `step` of the runbook: done, or refused with
 * the reason (both recorded in w->acts and the timeline). */
void rb_act(world *w, const scn_act *a, size_t step);

#endif
