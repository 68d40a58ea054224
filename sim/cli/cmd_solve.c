/*
 * cmd_solve.c — `drsim solve SCENARIO.yaml --param PATH --range LO..HI
 * [options]`: the largest (or smallest) value of one parameter for which
 * every expectation holds (sim/run/solve.h has the search and what it
 * promises).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/loader.h"
#include "models/world/world.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/run/solve.h"

#define SOLVE_USAGE                                                                       \
    "solve SCENARIO.yaml --param PATH --range LO..HI [options]\n"                         \
    "  the largest (or smallest) value of PATH in LO..HI for which every expectation\n"   \
    "  of the selected variants holds: a grid of 5 probes, which must be monotone,\n"     \
    "  then bisection; every probe runs the same trials (same seed and count)\n"          \
    "  --param PATH     a sweep path naming a quantity, such as strategies.asr.decide\n"  \
    "  --range LO..HI   its range, in its unit (10m..6h, 5MB/s..100MB/s, 0.1..0.9)\n"      \
    "  --find max|min   the largest or the smallest value that holds (default: max\n"     \
    "                   when the expectations hold at LO, else min)\n"                    \
    "  --resolution R   stop when the answer is bracketed within R, a value in the\n"     \
    "                   key's unit or a share of the range (default 1%)\n"                \
    "  --variant NAME   only this variant, or every variant of this strategy (repeatable)\n" \
    "  --trials N       trials per probe (default: the scenario's; trials: auto needs N)\n" \
    "  --seed S         seed (default: the scenario's)\n"                                 \
    "  -j, --jobs N     worker threads (default: one per core); results do not change\n"  \
    "  --confidence L   the verdicts' confidence level (default 95%)\n"                   \
    "  --inconclusive pass|fail  an inconclusive expectation holds (pass) or not (fail,\n" \
    "                   the default)\n"                                                   \
    "  --json           print the probes and the answer as JSON\n"                        \
    "  --db FILE        keep every probe as a run in FILE (default: a scratch database,\n" \
    "                   removed)\n"                                                       \
    "  --max-events N   safety limit: events per trial (default 5000000)\n"              \
    "  --max-pending N  safety limit: events pending at once (default 1000000)\n"         \
    "exit status: 0 an answer, 1 no value holds or the response is not monotone,\n"       \
    "2 bad usage or input, 3 a storage error\n"

typedef struct solve_opts {
    const char *param, *range, *find, *resolution, *trials, *seed, *jobs, *confidence;
    const char *inconclusive, *db, *max_events, *max_pending;
    cli_list variants;
    bool json;
} solve_opts;

static err_code request_of(int argc, char **argv, const solve_opts *o, const cli_args *a,
                           solve_request *rq)
{
    *rq = (solve_request){.param = o->param, .range = o->range, .resolution = o->resolution,
                          .json = o->json};
    exec_request *r = &rq->run;
    *r = (exec_request){.command = "solve", .argc = argc, .argv = argv};
    r->scenarios = a->pos;
    r->nscenarios = a->npos;
    r->db = o->db;
    r->variants = o->variants.items;
    r->nvariants = o->variants.len;
    r->shard_index = r->shard_count = 1;
    r->max_events = WORLD_DEFAULT_MAX_EVENTS;
    r->max_pending = WORLD_DEFAULT_MAX_PENDING;
    r->quiet = true;
    if (o->param == NULL || o->range == NULL) {
        con_error("solve", "%s (try 'drsim solve --help')",
                  o->param == NULL ? "--param PATH is required: the parameter to solve for"
                                   : "--range LO..HI is required: the values to search");
        return ERR_USAGE;
    }
    err_code rc = ERR_OK;
    uint64_t v = 0;
    if (o->find != NULL) {
        if (strcmp(o->find, "max") == 0) {
            rq->find = SOLVE_FIND_MAX;
        } else if (strcmp(o->find, "min") == 0) {
            rq->find = SOLVE_FIND_MIN;
        } else {
            con_error("solve", "--find %s: expected max or min", o->find);
            rc = ERR_USAGE;
        }
    }
    if (rc == ERR_OK && o->trials &&
        (rc = cli_u64("solve", "--trials", o->trials, 1, SCN_MAX_TRIALS, &v)) == ERR_OK) {
        r->has_trials = true;
        r->trials = v;
    }
    if (rc == ERR_OK && o->seed &&
        (rc = cli_u64("solve", "--seed", o->seed, 0, UINT64_MAX, &v)) == ERR_OK) {
        r->has_seed = true;
        r->seed = v;
    }
    if (rc == ERR_OK && o->jobs && (rc = cli_u64("solve", "--jobs", o->jobs, 1, 1024, &v)) == ERR_OK)
        r->jobs = (unsigned)v;
    if (rc == ERR_OK && o->max_events &&
        (rc = cli_u64("solve", "--max-events", o->max_events, 1, UINT64_MAX, &v)) == ERR_OK)
        r->max_events = v;
    if (rc == ERR_OK && o->max_pending &&
        (rc = cli_u64("solve", "--max-pending", o->max_pending, 1, SIZE_MAX, &v)) == ERR_OK)
        r->max_pending = (size_t)v;
    if (rc == ERR_OK && o->confidence)
        rc = cli_confidence("solve", o->confidence, &r->confidence);
    if (rc == ERR_OK && o->inconclusive)
        rc = cli_inconclusive("solve", o->inconclusive, &r->inconclusive_pass);
    return rc;
}

err_code cmd_solve(int argc, char **argv)
{
    solve_opts o = {0};
    const cli_opt opts[] = {
        {"param", 0, CLI_STRING, &o.param},
        {"range", 0, CLI_STRING, &o.range},
        {"find", 0, CLI_STRING, &o.find},
        {"resolution", 0, CLI_STRING, &o.resolution},
        {"variant", 0, CLI_LIST, &o.variants},
        {"trials", 0, CLI_STRING, &o.trials},
        {"seed", 0, CLI_STRING, &o.seed},
        {"jobs", 'j', CLI_STRING, &o.jobs},
        {"confidence", 0, CLI_STRING, &o.confidence},
        {"inconclusive", 0, CLI_STRING, &o.inconclusive},
        {"json", 0, CLI_FLAG, &o.json},
        {"db", 0, CLI_STRING, &o.db},
        {"max-events", 0, CLI_STRING, &o.max_events},
        {"max-pending", 0, CLI_STRING, &o.max_pending},
    };
    const cli_spec spec = {"solve", SOLVE_USAGE, opts, sizeof opts / sizeof opts[0], 1, 1,
                           "SCENARIO.yaml"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    if (rc == ERR_OK && !a.help) {
        solve_request rq;
        rc = request_of(argc, argv, &o, &a, &rq);
        if (rc == ERR_OK)
            rc = solve_run(&rq);
    }
    cli_args_free(&spec, &a);
    return rc;
}
