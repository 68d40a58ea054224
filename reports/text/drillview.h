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

/* Walking a drill's events in order (the replay, the HTML report's
 * timeline): event ev's clock ("Tue 02:43") into clock, its time since the
 * page ("+20m", "" before it) into rel; and the team's action it records —
 * an operator or refused event takes the next action, *k counting them —
 * or NULL for the world's own events. */
void dview_event_times(const store_drill *d, const oc_event *ev, char *clock, size_t nclock,
                       char *rel, size_t nrel);
const store_drill_action *dview_event_action(const store_drill *d, const oc_event *ev,
                                             size_t *k);

/* The debrief as one string (*text: the caller frees it with free()). */
err_code dview_debrief_string(const store_drill *d, char **text, err_msg *e);

/* The best play of the drill's trial in hindsight: the lowest RTO among the
 * plays that served again (absent RTO: never), ties broken by the lower RPO
 * (absent: data lost) and then fewer writes lost; -1 when no play served
 * again. An index into d->plays (0 is the team's). */
int dview_best(const store_drill *d);

#endif
