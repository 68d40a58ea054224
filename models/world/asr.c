/*
 * asr.c — recovery-point grid, retention and pruning (rules in asr.h).
 *
 * "One per hour" keeps, of the points of each clock hour of simulated time,
 * the first one; likewise for 2- and 4-hour buckets.
 */
#include "models/world/asr.h"

#include "models/azure/defaults.h"

/* Seconds (as defaults.h gives them) to microseconds. */
#define US(seconds) ((sim_time)((seconds) * 1e6))

/* floor(a / b) for b > 0 and any a. */
static sim_time floor_div(sim_time a, sim_time b)
{
    sim_time q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

sim_time asr_point_at_or_before(sim_time phase, sim_time interval, sim_time t)
{
    return phase + floor_div(t - phase, interval) * interval;
}

/* Whether p is the first point of its bucket of `bucket` microseconds. */
static bool first_of_bucket(sim_time p, sim_time interval, sim_time bucket)
{
    return floor_div(p - interval, bucket) != floor_div(p, bucket);
}

bool asr_point_kept(sim_time p, sim_time newest, sim_time retention, sim_time interval)
{
    if (p > newest)
        return false;
    sim_time age = newest - p;
    if (age == 0)
        return true;
    if (retention == 0 || age > retention)
        return false;
    if (age <= US(ASR_KEEP_ALL_POINTS))
        return true;
    sim_time bucket;
    if (retention <= SIM_DAY)
        bucket = US(ASR_PRUNE_BUCKET_1D);
    else if (retention <= US(ASR_PRUNE_WEEK))
        bucket = US(ASR_PRUNE_BUCKET_7D);
    else
        bucket = age <= US(ASR_PRUNE_WEEK) ? US(ASR_PRUNE_BUCKET_7D) : US(ASR_PRUNE_BUCKET_15D);
    return first_of_bucket(p, interval, bucket);
}

sim_time asr_kept_at_or_before(sim_time phase, sim_time interval, sim_time newest,
                               sim_time retention, sim_time t)
{
    if (t > newest)
        t = newest;
    for (sim_time p = asr_point_at_or_before(phase, interval, t);; p -= interval) {
        if (newest - p > retention)
            break;
        if (asr_point_kept(p, newest, retention, interval))
            return p;
    }
    return ASR_NO_POINT;
}
