/*
 * race.c — runs scenarios on several worker threads under ThreadSanitizer.
 *
 *   drsim-tsan SCENARIO.yaml...
 *
 * Criterion's runner cannot start under TSan, so this small program drives
 * the runner directly: every scenario given, a few hundred trials on three
 * threads with timelines kept, outcomes counted by the sink. Any data race
 * is reported by TSan and fails the run (TSAN_OPTIONS=halt_on_error=1 in the
 * Makefile); so does a missing outcome. Each scenario runs a second time
 * under an event limit most trials overrun, so that workers fail and hand
 * their messages over.
 */
#include <stdio.h>

#include "models/scenario/loader.h"
#include "sim/run/runner.h"

static err_code count(void *ctx, uint32_t variant, const oc_trial *t, const oc_timeline *tl,
                      err_msg *e)
{
    (void)variant;
    (void)t;
    (void)tl;
    (void)e;
    (*(unsigned long *)ctx)++;
    return ERR_OK;
}

int main(int argc, char **argv)
{
    int failures = 0;
    for (int i = 1; i < argc; i++) {
        scn_scenario *s;
        scn_diags d;
        scn_diags_init(&d);
        if (scn_load(argv[i], &s, &d) != ERR_OK) {
            scn_diags_print(&d, stderr);
            scn_diags_free(&d);
            return 2;
        }
        scn_diags_free(&d);
        run_options o = {.seed = 1, .trials = 200, .jobs = 3, .shard_index = 1,
                         .shard_count = 1, .trace = 5};
        unsigned long n = 0;
        err_msg e;
        err_code rc = run_trials(s, &o, count, &n, &e);
        unsigned long want = (unsigned long)o.trials * s->nvariants;
        if (rc != ERR_OK || n != want) {
            fprintf(stderr, "drsim-tsan: %s: %s (%lu of %lu outcomes)\n", argv[i],
                    rc != ERR_OK ? e.text : "outcomes missing", n, want);
            failures++;
        }
        /* Again with a limit most trials overrun: workers fail, and the
         * sink reads the first failure's message from the worker that met
         * it. */
        o.limits.max_events = 3;
        n = 0;
        rc = run_trials(s, &o, count, &n, &e);
        if (rc != ERR_LIMIT || n >= want) {
            fprintf(stderr, "drsim-tsan: %s: expected a trial over 3 events, got %s after %lu "
                            "outcomes\n", argv[i], rc != ERR_OK ? e.text : "success", n);
            failures++;
        }
        scn_free(s);
    }
    return failures ? 1 : 0;
}
