/*
 * drillview.h — a stored drill as text (drillview.c): its debrief, printed
 * when a drill ends, and its replay (`drsim drill --replay ID`): the team's
 * actions among the world's events, then the debrief.
 *
 * The debrief: the team's RPO, RTO, writes lost, data lost for good and the
 * outage's cost; the same trial played by each strategy side by side; where
 * the team's result falls in each strategy's distribution; the best play in
 * hindsight (dview_best); the scenario's expectations judged on the team's
 * result. Text from the scenario or the database goes through the table's
 * escaping or sim/core/escape.h: nothing reaches the terminal raw.
 *
 * Errors: ERR_NOMEM (a table), ERR_IO (writing `out`), with e set.
 */
#ifndef DRSIM_DRILLVIEW_H
#define DRSIM_DRILLVIEW_H

#include <stddef.h>
#include <stdio.h>

#include "reports/store/store.h"
#include "sim/core/err.h"

err_code dview_debrief(const store_drill *d, FILE *out, err_msg *e);
err_code dview_replay(const store_drill *d, FILE *out, err_msg *e);

/* The debrief as one string (*text: the caller frees it with free()). */
err_code dview_debrief_string(const store_drill *d, char **text, err_msg *e);

/* The best play of the drill's trial in hindsight: the lowest RTO among the
 * plays that served again (absent RTO: never), ties broken by the lower RPO
 * (absent: data lost) and then fewer writes lost; -1 when no play served
 * again. An index into d->plays (0 is the team's). */
int dview_best(const store_drill *d);

#endif
