/*
 * stub.c — stands in for the previous write process (writes_prev.h) when
 * git cannot provide it (a shallow clone, a tarball): the benchmark then
 * prints its own figures without the same-run ratios.
 */
#include "tests/bench/writes_prev.h"

#include <stddef.h>

const int wrprev_available = 0;

wrprev_stream *wrprev_create(void)
{
    return NULL;
}

void wrprev_destroy(wrprev_stream *s)
{
    (void)s;
}

void wrprev_reset(wrprev_stream *s, const wrprev_params *p, uint64_t seed, uint64_t trial,
                  uint64_t entity, sim_time end)
{
    (void)s, (void)p, (void)seed, (void)trial, (void)entity, (void)end;
}

err_code wrprev_count(wrprev_stream *s, sim_time from, sim_time to, uint64_t *count, double *bytes)
{
    (void)s, (void)from, (void)to, (void)count, (void)bytes;
    return ERR_INTERNAL;
}

err_code wrprev_backlog_at(wrprev_stream *s, double bandwidth, sim_time at, wrprev_backlog *out)
{
    (void)s, (void)bandwidth, (void)at, (void)out;
    return ERR_INTERNAL;
}

err_code wrprev_next_after(wrprev_stream *s, sim_time from, sim_time *out)
{
    (void)s, (void)from, (void)out;
    return ERR_INTERNAL;
}

size_t wrprev_nodes(const wrprev_stream *s)
{
    (void)s;
    return 0;
}
