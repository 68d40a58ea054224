/*
 * bench.c — `make bench`: runs every benchmark and prints its figures.
 *
 *   drsim-bench [--quick] [--reps N] [NAME...]
 *
 * NAME selects benchmarks (engine, mg1, store, flagship, growth); none means all.
 */
#include "tests/bench/bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Keeps a computed value alive so the optimiser cannot drop the work. */
static volatile double sink;

void bench_sink(double value)
{
    sink += value;
}

void bench_print(const char *group, const char *figure, double value, const char *unit)
{
    printf("bench %s%s %.4g %s\n", group, figure, value, unit);
    fflush(stdout);
}

void bench_die(const char *why)
{
    fprintf(stderr, "drsim-bench: %s\n", why);
    exit(3);
}

typedef struct bench_entry {
    const char *name;
    void (*fn)(const bench_options *opt);
} bench_entry;

static void flagship(const bench_options *opt) { bench_product(opt, "flagship"); }
static void growth(const bench_options *opt) { bench_product(opt, "growth"); }
static void store(const bench_options *opt) { bench_product(opt, "store"); }
static void solve(const bench_options *opt) { bench_product(opt, "solve"); }

static const bench_entry benches[] = {
    {"engine", bench_engine},
    {"mg1", bench_writes},
    {"store", store},
    {"flagship", flagship},
    {"solve", solve},
    {"growth", growth},
};

int main(int argc, char **argv)
{
    bench_options opt = {.quick = false, .reps = 2};
    const char *only[16];
    int nonly = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            opt.quick = true;
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            opt.reps = atoi(argv[++i]) > 0 ? atoi(argv[i]) : 1;
        else if (argv[i][0] != '-' && nonly < 16)
            only[nonly++] = argv[i];
        else {
            fprintf(stderr, "usage: drsim-bench [--quick] [--reps N] "
                            "[engine|mg1|store|flagship|solve|growth...]\n");
            return 2;
        }
    }
    for (size_t b = 0; b < sizeof benches / sizeof benches[0]; b++) {
        bool selected = nonly == 0;
        for (int i = 0; i < nonly; i++)
            selected |= strcmp(only[i], benches[b].name) == 0;
        if (selected)
            benches[b].fn(&opt);
    }
    return 0;
}
