/*
 * bench.h — shared pieces of `make bench`: timing, output, options.
 *
 * Every figure is printed as one line `bench <name> <value> <unit>`; ratios
 * compare against a baseline measured in the same process, because this
 * machine is shared and noisy and absolute figures drift between runs.
 */
#ifndef DRSIM_BENCH_H
#define DRSIM_BENCH_H

#include <stdbool.h>

typedef struct bench_options {
    bool quick; /* smaller workloads (for a smoke run) */
    int reps;   /* repetitions; the best of them is reported */
} bench_options;

double bench_now(void);
/* This thread's CPU time, for loops timed inside this process: time the
 * scheduler gives to other processes (the machine is shared) does not count,
 * where wall time would charge it to whichever loop it fell on. */
double bench_cpu_now(void);
void bench_sink(double value);
/* Prints `bench GROUPFIGURE VALUE UNIT` ("hold_1e3" "_ratio" -> hold_1e3_ratio). */
void bench_print(const char *group, const char *figure, double value, const char *unit);
void bench_die(const char *why) __attribute__((noreturn));

void bench_engine(const bench_options *opt);

/* The write process on the M/G/1 case, against the previous one (bench_writes.c). */
void bench_writes(const bench_options *opt);

/* "flagship", "solve", "growth" or "store" (bench_run.c). */
void bench_product(const bench_options *opt, const char *which);

#endif
