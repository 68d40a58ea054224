/*
 * cmd_run.c — `drsim run SCENARIO.yaml... [options]`: run scenarios into the
 * results database, judge their expectations (sim/run/exec.h has the order of
 * work and what each failure leaves).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/loader.h"
#include "models/world/world.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/run/exec.h"

/* The options run and check share; parsed values land in *rq. */
typedef struct run_opts {
    const char *db, *trials, *seed, *jobs, *shard, *trace, *junit;
    const char *max_events, *max_pending;
    const char *baseline, *tolerance;
    const char *confidence, *inconclusive, *precision, *max_trials;
    cli_list variants;
    bool json, quiet, verify;
} run_opts;

#define RUN_USAGE_OPTIONS                                                                 \
    "  --db FILE       results database (default $DRSIM_DB, else ./drsim.db)\n"         \
    "  --trials N      trials per variant (default: the scenario's), or auto: pilot runs\n" \
    "                  of 1000, 2000, ... until every expectation is decided\n"          \
    "  --precision P   with auto: also every figure show reports within P (as 5%)\n"     \
    "  --max-trials N  with auto: the cap (default 256000)\n"                           \
    "  --seed S        seed (default: the scenario's)\n"                                  \
    "  -j, --jobs N    worker threads (default: one per core); results do not change\n"  \
    "  --variant NAME  only this variant, or every variant of this strategy (repeatable)\n" \
    "  --shard K/N     only the K-th of N contiguous slices of the trials (merge later)\n" \
    "  --trace N       keep the timelines of the first N trials of each variant\n"       \
    "  --junit FILE    write a JUnit XML report\n"                                        \
    "  --json          print the summary as JSON\n"                                       \
    "  -q, --quiet     print nothing but errors\n"                                       \
    "  --verify        run the first 100 trials of each variant again, in another order,\n" \
    "                  and fail (exit 3) unless their outcomes are identical\n"          \
    "  --confidence L  the intervals' confidence level (default 95%)\n"                  \
    "  --inconclusive pass|fail  an expectation whose interval holds its threshold:\n"  \
    "                  fails the command (fail, the default) or not (pass)\n"          \
    "  --max-events N  safety limit: events per trial (default 5000000)\n"              \
    "  --max-pending N safety limit: events pending at once (default 1000000)\n"

/* Fills *rq from the parsed options (the scenarios and --variant names stay
 * pointed into `a` and `o`, which the caller frees after the run). Prints the
 * error and returns ERR_USAGE for a bad value. */
static err_code request_of(const char *command, bool check, int argc, char **argv,
                           const run_opts *o, const cli_args *a, exec_request *rq)
{
    *rq = (exec_request){.command = command, .argc = argc, .argv = argv, .tolerance = 0.05};
    rq->scenarios = a->pos;
    rq->nscenarios = a->npos;
    rq->db = o->db;
    rq->junit = o->junit;
    rq->json = o->json;
    rq->quiet = o->quiet;
    rq->variants = o->variants.items;
    rq->nvariants = o->variants.len;
    rq->baseline = o->baseline;
    rq->verify = o->verify;
    rq->shard_index = rq->shard_count = 1;
    rq->max_events = WORLD_DEFAULT_MAX_EVENTS;
    rq->max_pending = WORLD_DEFAULT_MAX_PENDING;
    err_code rc = ERR_OK;
    uint64_t v = 0;
    if (o->trials && strcmp(o->trials, "auto") == 0) {
        rq->has_trials = true;
        rq->trials = 0; /* auto */
    } else if (o->trials &&
               (rc = cli_u64(command, "--trials", o->trials, 1, SCN_MAX_TRIALS, &v)) == ERR_OK) {
        rq->has_trials = true;
        rq->trials = v;
    }
    if (rc == ERR_OK && o->precision)
        rc = cli_fraction(command, "--precision", o->precision, &rq->precision);
    if (rc == ERR_OK && o->max_trials &&
        (rc = cli_u64(command, "--max-trials", o->max_trials, 1, SCN_MAX_TRIALS, &v)) == ERR_OK)
        rq->max_trials = v;
    if (rc == ERR_OK && o->seed &&
        (rc = cli_u64(command, "--seed", o->seed, 0, UINT64_MAX, &v)) == ERR_OK) {
        rq->has_seed = true;
        rq->seed = v;
    }
    if (rc == ERR_OK && o->jobs &&
        (rc = cli_u64(command, "--jobs", o->jobs, 1, 1024, &v)) == ERR_OK)
        rq->jobs = (unsigned)v;
    if (rc == ERR_OK && o->trace &&
        (rc = cli_u64(command, "--trace", o->trace, 0, UINT64_MAX, &v)) == ERR_OK)
        rq->trace = v;
    if (rc == ERR_OK && o->max_events &&
        (rc = cli_u64(command, "--max-events", o->max_events, 1, UINT64_MAX, &v)) == ERR_OK)
        rq->max_events = v;
    if (rc == ERR_OK && o->max_pending &&
        (rc = cli_u64(command, "--max-pending", o->max_pending, 1, SIZE_MAX, &v)) == ERR_OK)
        rq->max_pending = (size_t)v;
    if (rc == ERR_OK && o->shard)
        rc = cli_shard(command, o->shard, &rq->shard_index, &rq->shard_count);
    if (rc == ERR_OK && o->tolerance)
        rc = cli_tolerance(command, o->tolerance, &rq->tolerance);
    if (rc == ERR_OK && o->confidence)
        rc = cli_confidence(command, o->confidence, &rq->confidence);
    if (rc == ERR_OK && o->inconclusive)
        rc = cli_inconclusive(command, o->inconclusive, &rq->inconclusive_pass);
    if (rc == ERR_OK && check && rq->shard_count > 1) {
        con_error(command, "--shard cannot be used with check (a shard has no expectations "
                           "of its own; run the shards, merge them, then check)");
        rc = ERR_USAGE;
    }
    return rc;
}

/* run and check: parse, run, free what parsing allocated. */
static err_code run_command(const char *command, const char *usage, bool check, int argc,
                            char **argv)
{
    run_opts o = {0};
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &o.db},         {"trials", 0, CLI_STRING, &o.trials},
        {"seed", 0, CLI_STRING, &o.seed},     {"jobs", 'j', CLI_STRING, &o.jobs},
        {"shard", 0, CLI_STRING, &o.shard},   {"trace", 0, CLI_STRING, &o.trace},
        {"junit", 0, CLI_STRING, &o.junit},   {"variant", 0, CLI_LIST, &o.variants},
        {"json", 0, CLI_FLAG, &o.json},       {"quiet", 'q', CLI_FLAG, &o.quiet},
        {"verify", 0, CLI_FLAG, &o.verify},   {"max-events", 0, CLI_STRING, &o.max_events},
        {"max-pending", 0, CLI_STRING, &o.max_pending},
        {"confidence", 0, CLI_STRING, &o.confidence},
        {"precision", 0, CLI_STRING, &o.precision},
        {"max-trials", 0, CLI_STRING, &o.max_trials},
        {"inconclusive", 0, CLI_STRING, &o.inconclusive},
        /* check only: */
        {"baseline", 0, CLI_STRING, &o.baseline},
        {"tolerance", 0, CLI_STRING, &o.tolerance},
    };
    const size_t nopts = sizeof opts / sizeof opts[0];
    const cli_spec spec = {command, usage, opts, check ? nopts : nopts - 2, 1, 4096,
                           "SCENARIO.yaml"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    if (rc == ERR_OK && !a.help) {
        exec_request rq;
        rc = request_of(command, check, argc, argv, &o, &a, &rq);
        if (rc == ERR_OK)
            rc = exec_run(&rq);
    }
    cli_args_free(&spec, &a);
    return rc;
}

err_code cmd_run(int argc, char **argv)
{
    return run_command("run", "run SCENARIO.yaml... [options]\n" RUN_USAGE_OPTIONS, false, argc,
                       argv);
}

err_code cmd_check(int argc, char **argv)
{
    return run_command(
        "check",
        "check SCENARIO.yaml... [--baseline DB] [--tolerance 5%] [options]\n"
        "  runs each scenario, judges its expectations, and compares it with the latest\n"
        "  run of the same scenario in the baseline database\n"
        "  --baseline DB    the baseline database\n"
        "  --tolerance T    how much worse p50/p95 may be when the scenario or seed\n"
        "                   changed (default 5%)\n" RUN_USAGE_OPTIONS,
        true, argc, argv);
}
