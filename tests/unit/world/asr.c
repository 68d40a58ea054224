/*
 * asr.c — Site Recovery's recovery-point grid and retention, against
 * hand-worked cases.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "models/world/asr.h"

#define S(x) ((sim_time)(x) * SIM_SEC)

Test(asr, grid_points)
{
    /* Points before the trial exist: replication ran before it began. */
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(59)), S(-240));
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(-240)), S(-240));
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(-241)), S(-540));
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(60)), S(60));
    cr_assert_eq(asr_point_at_or_before(S(60), S(300), S(1000)), S(960));
}

Test(asr, pruning_keeps_two_hours_then_one_per_hour)
{
    const sim_time phase = S(60), every = S(300), newest = S(10 * 3600 + 60);
    const sim_time day = SIM_DAY;
    /* Within 2 hours of the newest: every point. */
    cr_assert(asr_point_kept(newest - S(300), newest, day, every));
    cr_assert(asr_point_kept(newest - S(7200), newest, day, every));
    /* Older: only the first point of each clock hour (hh:01:00). */
    cr_assert(asr_point_kept(S(5 * 3600 + 60), newest, day, every));
    cr_assert(!asr_point_kept(S(5 * 3600 + 360), newest, day, every));
    /* The newest kept point at or before 5:30 is 5:01. */
    cr_assert_eq(asr_kept_at_or_before(phase, every, newest, day, S(5 * 3600 + 1800)),
                 S(5 * 3600 + 60));
    /* Retention 3 days: one per 2 hours (even hours). */
    cr_assert(asr_point_kept(S(4 * 3600 + 60), newest, 3 * day, every));
    cr_assert(!asr_point_kept(S(5 * 3600 + 60), newest, 3 * day, every));
    /* Beyond retention: gone; retention 0: only the newest. */
    sim_time late = S(30 * 3600 + 60);
    cr_assert(!asr_point_kept(S(60), late, day, every));
    cr_assert_eq(asr_kept_at_or_before(phase, every, late, day, S(3 * 3600)), ASR_NO_POINT);
    cr_assert(asr_point_kept(late, late, 0, every));
    cr_assert(!asr_point_kept(late - every, late, 0, every));
}
