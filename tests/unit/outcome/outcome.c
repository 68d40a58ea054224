/*
 * outcome.c — the metric catalogue and the comparisons of expectations
 * (models/outcome.h).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/outcome.h"

Test(outcome, each_metric_sits_at_its_own_index)
{
    for (int m = 0; m < OC_NMETRICS; m++) {
        cr_assert_eq(oc_metrics[m].id, (oc_metric)m, "row %d", m);
        cr_assert_not_null(oc_metrics[m].name, "row %d has no name", m);
        cr_assert_not_null(oc_metrics[m].column, "row %d has no column", m);
        cr_assert_eq(oc_metric_find(oc_metrics[m].name), &oc_metrics[m]);
        if (oc_metrics[m].absent_is_worst) {
            cr_assert_not_null(oc_metrics[m].worst_label, "%s", oc_metrics[m].name);
            cr_assert_not_null(oc_metrics[m].worst_means, "%s", oc_metrics[m].name);
        }
        /* A headline names the mean of a count or a share in its own words. */
        if (oc_metrics[m].unit == OC_UNIT_SHARE || oc_metrics[m].unit == OC_UNIT_COUNT)
            cr_assert_not_null(oc_metrics[m].mean_name, "%s", oc_metrics[m].name);
    }
    cr_assert_null(oc_metric_find("rpo_s"));
}

Test(outcome, absent_values_count_as_the_worst_only_where_that_means_something)
{
    /* RPO absent: the data was lost altogether; a downtime absent: service
     * did not return within the horizon. A flag or a drill RTO absent has
     * nothing to count. */
    static const oc_metric worst[] = {OC_RPO, OC_RTO, OC_CLIENT_DOWNTIME, OC_CLIENT_DOWNTIME_P95};
    size_t nworst = 0;
    for (int m = 0; m < OC_NMETRICS; m++)
        nworst += oc_metrics[m].absent_is_worst;
    cr_assert_eq(nworst, sizeof worst / sizeof worst[0]);
    for (size_t i = 0; i < sizeof worst / sizeof worst[0]; i++)
        cr_assert(oc_metrics[worst[i]].absent_is_worst, "%s", oc_metrics[worst[i]].name);
    cr_assert_str_eq(oc_metrics[OC_RPO].worst_label, "lost");
    cr_assert_str_eq(oc_metrics[OC_RTO].worst_label, "never");
    cr_assert(!oc_metrics[OC_DRILL_RTO].absent_is_worst);
    /* The data's downtime is absent where no storage account holds the
     * data: not applicable, never the worst (it is counted to the horizon). */
    cr_assert(!oc_metrics[OC_WRITE_DOWNTIME].absent_is_worst);
    cr_assert(!oc_metrics[OC_READ_DOWNTIME].absent_is_worst);
    /* Failing over and being disrupted are no goal: no direction. */
    cr_assert(!oc_metrics[OC_FAILED_OVER].directed && !oc_metrics[OC_DISRUPTED].directed);
    cr_assert(oc_metrics[OC_RPO].directed && oc_metrics[OC_DATA_LOST_ALL].directed);
    cr_assert(!oc_metrics[OC_DEGRADED].absent_is_worst, "absent: not measured (older runs)");
    cr_assert(!oc_metrics[OC_READ_ONLY].absent_is_worst, "absent: not measured (older runs)");
    cr_assert(!oc_metrics[OC_FULLY_DOWN].absent_is_worst);
    cr_assert(!oc_metrics[OC_SERVING_RTO].absent_is_worst, "never: to the horizon, measured");
    cr_assert(!oc_metrics[OC_DATA_LOST_ALL].absent_is_worst);
}

Test(outcome, metric_list_names_every_metric_in_order)
{
    char list[512];
    size_t need = oc_metric_list(list, sizeof list);
    cr_assert_eq(need, strlen(list));
    cr_assert(strncmp(list, "rpo, rto, degraded, read_only, fully_down, serving_rto, "
                            "client_downtime, ", 73) == 0, "%s", list);
    cr_assert(strstr(list, ", drill_rto, outage_cost, destroyed") ==
                  list + need - strlen(", drill_rto, outage_cost, destroyed"),
              "%s", list);
}

Test(outcome, comparisons_hold_as_written_and_never_on_nan)
{
    cr_assert(oc_compare(1, OC_OP_LT, 2) && !oc_compare(2, OC_OP_LT, 2));
    cr_assert(oc_compare(2, OC_OP_LE, 2) && !oc_compare(3, OC_OP_LE, 2));
    cr_assert(oc_compare(2, OC_OP_EQ, 2) && !oc_compare(2.5, OC_OP_EQ, 2));
    cr_assert(oc_compare(1, OC_OP_NE, 2) && !oc_compare(2, OC_OP_NE, 2));
    cr_assert(oc_compare(2, OC_OP_GE, 2) && !oc_compare(1, OC_OP_GE, 2));
    cr_assert(oc_compare(3, OC_OP_GT, 2) && !oc_compare(2, OC_OP_GT, 2));
    for (int op = 0; op < OC_NOPS; op++)
        cr_assert(!oc_compare((double)NAN, (oc_op)op, 0), "%s", oc_op_names[op]);
    cr_assert(oc_compare(HUGE_VAL, OC_OP_GT, 1e300));
    cr_assert_str_eq(oc_op_names[OC_OP_LE], "<=");
    cr_assert_null(oc_op_names[OC_NOPS]);
}

/* The event-kind catalogue: each kind at its own index, stored under a name
 * no other kind has, found back by it; a name it does not know is
 * OC_EV_UNKNOWN, which draws nothing. */
Test(outcome, each_event_kind_sits_at_its_own_index_under_its_own_name)
{
    for (int k = 0; k < OC_NEVENT_KINDS; k++) {
        const oc_event_kind_info *ki = &oc_event_kinds[k];
        cr_assert_eq(ki->id, (oc_event_kind)k, "row %d", k);
        cr_assert_not_null(ki->name, "row %d has no name", k);
        cr_assert_str_eq(oc_event_kind_name((oc_event_kind)k), ki->name);
        if (k != OC_EV_UNKNOWN)
            cr_assert_eq(oc_event_kind_find(ki->name), (oc_event_kind)k, "%s", ki->name);
        for (int j = 0; j < k; j++)
            cr_assert_str_neq(oc_event_kinds[j].name, ki->name);
    }
    cr_assert_eq(oc_event_kind_find(""), OC_EV_UNKNOWN);
    cr_assert_eq(oc_event_kind_find("?"), OC_EV_UNKNOWN);
    cr_assert_eq(oc_event_kind_find("Outage_start"), OC_EV_UNKNOWN);
    cr_assert_eq(oc_event_kind_find("outage_start "), OC_EV_UNKNOWN);
    cr_assert_eq(oc_event_kinds[OC_EV_UNKNOWN].gantt, OC_GANTT_NONE);
    cr_assert_str_eq(oc_event_kind_name((oc_event_kind)OC_NEVENT_KINDS), "?");
    /* The names are the public schema's: these never change. */
    cr_assert_str_eq(oc_event_kind_name(OC_EV_OUTAGE_START), "outage_start");
    cr_assert_str_eq(oc_event_kind_name(OC_EV_SERVICE_RESTORED), "service_restored");
    cr_assert_str_eq(oc_event_kind_name(OC_EV_GROUP_START), "group_start");
}

/* What a kind draws is whole: a kind that draws names a lane, every lane
 * but none has a label, and a lane whose bars some kind opens has a kind
 * that closes them. */
Test(outcome, event_kinds_draw_on_lanes_that_open_and_close)
{
    bool opens[OC_NLANES] = {false}, closes[OC_NLANES] = {false};
    for (int k = 0; k < OC_NEVENT_KINDS; k++) {
        const oc_event_kind_info *ki = &oc_event_kinds[k];
        cr_assert_eq(ki->gantt == OC_GANTT_NONE, ki->lane == OC_LANE_NONE, "%s", ki->name);
        opens[ki->lane] |= ki->gantt == OC_GANTT_OPEN;
        closes[ki->lane] |= ki->gantt == OC_GANTT_CLOSE;
    }
    for (int l = 1; l < OC_NLANES; l++) {
        cr_assert(*oc_lanes[l].label, "lane %d has no label", l);
        cr_assert_eq(opens[l], closes[l], "lane %s", oc_lanes[l].label);
        if (l > 1)
            cr_assert_geq(oc_lanes[l].rank, oc_lanes[l - 1].rank, "lanes in reading order");
    }
    /* A plan's groups say by their kind which plan they belong to. */
    cr_assert_eq(oc_event_kinds[OC_EV_GROUP_START].lane, OC_LANE_PLAN_GROUP);
    cr_assert_eq(oc_event_kinds[OC_EV_DRILL_GROUP_START].lane, OC_LANE_DRILL_GROUP);
    cr_assert_eq(oc_event_kinds[OC_EV_FAILBACK_GROUP_END].lane, OC_LANE_FAILBACK_GROUP);
}
