/*
 * pareto.c — the cost frontier by hand: which points no other beats on both
 * cost and figure, and the cheapest point that meets its expectations.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "reports/text/pareto.h"

static pareto_point pt(const char *label, double cost, double figure, pareto_verdict v)
{
    return (pareto_point){.label = label, .cost = cost, .figure = figure, .lo = NAN,
                          .hi = NAN, .verdict = v};
}

Test(pareto, the_frontier_by_hand)
{
    /* cost, RTO p95 (lower is better):
     *   a  100, 10h   frontier (cheapest)
     *   b  150, 12h   dominated by a (costs more, does worse)
     *   c  200,  2h   frontier
     *   d  200,  3h   dominated by c (same cost, worse)
     *   e  500, 30m   frontier
     *   f  600, 30m   dominated by e (costs more, does as well)
     *   g   50, NAN   no figure: never on it */
    static const char *names[7] = {"a", "b", "c", "d", "e", "f", "g"};
    pareto_point p[7] = {
        pt(names[5], 600, 1800, PARETO_MEETS), pt(names[1], 150, 43200, PARETO_MEETS),
        pt(names[0], 100, 36000, PARETO_MISSES), pt(names[3], 200, 10800, PARETO_MEETS),
        pt(names[2], 200, 7200, PARETO_MEETS), pt(names[4], 500, 1800, PARETO_NONE),
        pt(names[6], 50, NAN, PARETO_MEETS)};
    pareto_order(p, 7, true);
    static const char *order = "gabdcef";
    static const bool front[7] = {false, true, false, false, true, true, false};
    for (int i = 0; i < 7; i++) {
        cr_assert_eq(p[i].label[0], order[i], "position %d: %s", i, p[i].label);
        cr_assert_eq(p[i].frontier, front[i], "%s", p[i].label);
    }
    /* The cheapest that meets: g has no figure but meets its expectations
     * (it is the cheapest); a misses. */
    cr_assert_eq(pareto_cheapest(p, 7), 0);
    p[0].verdict = PARETO_MISSES;
    cr_assert_str_eq(p[pareto_cheapest(p, 7)].label, "b");
}

Test(pareto, higher_is_better_turns_the_frontier_round)
{
    static const char *names[3] = {"x", "y", "z"};
    pareto_point p[3] = {pt(names[0], 10, 0.9, PARETO_NONE), pt(names[1], 20, 0.99, PARETO_NONE),
                         pt(names[2], 30, 0.95, PARETO_NONE)};
    pareto_order(p, 3, false);
    cr_assert(p[0].frontier && p[1].frontier && !p[2].frontier);
    cr_assert_eq(pareto_cheapest(p, 3), -1, "none states expectations");
}
