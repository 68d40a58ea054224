/*
 * cmd_merge.c — `drsim merge DB... -o DB`: shard databases joined into one.
 *
 * Every finished run of the inputs is written into the output (created when
 * missing, added to when it exists); the shards of one run become the one
 * run an unsharded `drsim run` would have written (reports/store/merge.c).
 * The output may not be one of the inputs. A merged run's expectations are
 * judged on its merged trials, from the scenario file stored with it. Exit
 * status 2 when shards are missing or disagree, 1 when an expectation of a
 * merged run failed or was inconclusive (unless --inconclusive pass).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/scenario/loader.h"
#include "reports/check/judge.h"
#include "reports/store/store.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/core/escape.h"
#include "sim/core/mem.h"
#include "sim/core/pathid.h"

/* store_judge_fn: the expectations of the scenario stored with the run;
 * ctx points to whether inconclusive verdicts pass (else they count as
 * failed). */
static err_code judge_merged(void *ctx, store *out, int64_t run_id, size_t *failed, err_msg *e)
{
    const bool *inconclusive_pass = ctx;
    char *source = NULL;
    size_t len = 0;
    err_code rc = store_run_source(out, run_id, &source, &len, e);
    if (rc != ERR_OK)
        return rc;
    char name[64];
    snprintf(name, sizeof name, "(scenario of run %lld)", (long long)run_id);
    scn_scenario *s = NULL;
    scn_diags d;
    scn_diags_init(&d);
    rc = scn_load_buffer(name, source, len, &s, &d);
    if (rc == ERR_NOMEM) {
        rc = err_set(e, ERR_NOMEM, "out of memory loading the scenario of run %lld",
                     (long long)run_id);
    } else if (rc != ERR_OK) {
        scn_diags_print(&d, stderr);
        rc = err_set(e, ERR_INPUT, "the scenario stored with run %lld does not load any more "
                                   "(see above), so its expectations cannot be judged",
                     (long long)run_id);
    } else {
        size_t inconclusive = 0;
        rc = judge_run(out, run_id, s->expects, s->nexpects, failed, &inconclusive, e);
        if (!*inconclusive_pass)
            *failed += inconclusive;
    }
    scn_free(s);
    scn_diags_free(&d);
    mem_free(source);
    return rc;
}

err_code cmd_merge(int argc, char **argv)
{
    const char *output = NULL, *confidence = NULL, *inconclusive = NULL;
    const cli_opt opts[] = {
        {"output", 'o', CLI_STRING, &output},
        {"confidence", 0, CLI_STRING, &confidence},
        {"inconclusive", 0, CLI_STRING, &inconclusive},
    };
    const cli_spec spec = {"merge", "merge DB... -o DB [--confidence L] [--inconclusive pass|fail]\n"
                           "  joins the shards of runs (drsim run --shard K/N) into one run\n"
                           "  and judges its expectations (as drsim check does)\n"
                           "  -o, --output DB  the database the runs are written to (created when\n"
                           "                   missing, added to when it exists; not an input)\n"
                           "  --confidence L   the intervals' confidence level (default 95%)\n"
                           "  --inconclusive pass|fail  an expectation whose interval holds its\n"
                           "                   threshold: fails the command (fail, the default) or\n"
                           "                   not (pass)",
                           opts, 3, 1, 4096, "DB"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    if (rc != ERR_OK || a.help) {
        cli_args_free(&spec, &a);
        return rc;
    }
    double level = 0;
    bool inconclusive_pass = false;
    if (confidence != NULL && cli_confidence("merge", confidence, &level) != ERR_OK)
        rc = ERR_USAGE;
    if (rc == ERR_OK && inconclusive != NULL &&
        cli_inconclusive("merge", inconclusive, &inconclusive_pass) != ERR_OK)
        rc = ERR_USAGE;
    if (rc != ERR_OK) {
        cli_args_free(&spec, &a);
        return rc;
    }
    if (output == NULL) {
        con_error("merge", "-o DB is required: where to write (try 'drsim merge --help')");
        cli_args_free(&spec, &a);
        return ERR_USAGE;
    }
    /* The output may not be an input, nor a companion file (-wal, -shm,
     * -journal) of one, nor have an input among its own companions. */
    for (size_t i = 0; i < a.npos; i++)
        if (pathid_collides(output, a.pos[i], store_companions) ||
            pathid_collides(a.pos[i], output, store_companions)) {
            con_error("merge", "the output %s is also an input, or one of its -wal, -shm or "
                               "-journal files (%s)", output, a.pos[i]);
            cli_args_free(&spec, &a);
            return ERR_USAGE;
        }
    err_msg e;
    err_clear(&e);
    store **in = mem_calloc(a.npos, sizeof *in);
    store *out = NULL;
    char *argv_json = con_argv_json(argc, argv);
    if (in == NULL || argv_json == NULL)
        rc = err_set(&e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == ERR_OK && i < a.npos; i++)
        rc = store_open(a.pos[i], STORE_READ, &in[i], &e);
    /* An output the merge creates and then refuses to fill is removed with
     * its companions: a refusal leaves the files as they were. */
    struct stat osb;
    bool created = lstat(output, &osb) != 0 && errno == ENOENT;
    if (rc == ERR_OK)
        rc = store_open(output, STORE_WRITE, &out, &e);
    if (rc == ERR_OK && level > 0)
        store_set_confidence(out, level);
    store_merge_result res = {0};
    if (rc == ERR_OK)
        rc = store_merge(out, in, a.npos, argv_json, judge_merged, &inconclusive_pass, &res, &e);
    for (size_t i = 0; i < res.nruns; i++)
        printf("%s: run %lld\n", esc_tmp(output), (long long)res.runs[i]);
    if (res.skipped)
        fprintf(stderr, "drsim: merge: left out %zu run%s that did not finish\n", res.skipped,
                res.skipped == 1 ? "" : "s");
    if (rc == ERR_OK && res.failed > 0) {
        fprintf(stderr, "drsim: merge: %zu expectation%s of the merged runs failed or were "
                        "inconclusive (drsim show RUN)\n",
                res.failed, res.failed == 1 ? "" : "s");
        rc = ERR_FAILED;
    }
    store_merge_result_free(&res);
    for (size_t i = 0; in != NULL && i < a.npos; i++)
        store_close(in[i]);
    store_close(out);
    if (created && rc != ERR_OK && rc != ERR_FAILED)
        for (size_t i = 0; store_companions[i] != NULL; i++) {
            char path[4200];
            snprintf(path, sizeof path, "%s%s", output, store_companions[i]);
            unlink(path);
        }
    mem_free(in);
    mem_free(argv_json);
    cli_args_free(&spec, &a);
    if (rc == ERR_FAILED)
        return rc;
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
