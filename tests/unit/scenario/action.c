/*
 * action.c — the operator's actions and alerts as text: every verb parses
 * and prints back to itself, errors point at the word they are about with
 * the exact message, and completion offers what may come next.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/action.h"
#include "models/scenario/loader.h"

static scn_scenario *shop(void)
{
    static const char text[] =
        "drsim: 1\nname: act\nseed: 1\ntrials: 10\nhorizon: 7d\n"
        "storage:\n  - {name: media, region: westeurope, redundancy: GRS}\n"
        "vms:\n  - {name: web, count: 2, region: westeurope}\n"
        "  - {name: web-ne, count: 2, region: northeurope}\n"
        "sql:\n  - {name: orders, region: westeurope}\n"
        "apps:\n  - {name: shop, tiers: [web, web-ne], entry: {traffic_manager: {}}}\n"
        "outages:\n  - {region: westeurope, at: 1h, duration: 2h}\n"
        "strategies:\n  - {name: w, kind: wait}\n";
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = NULL;
    err_code rc = scn_load_buffer("act.yaml", text, strlen(text), &s, &d);
    if (rc != ERR_OK)
        scn_diags_print(&d, stderr);
    scn_diags_free(&d);
    cr_assert_eq(rc, ERR_OK);
    return s;
}

Test(action, every_verb_prints_back_to_what_parses_to_it)
{
    scn_scenario *s = shop();
    static const char *const lines[] = {
        "storage account failover media",
        "storage account failover media --failover-type planned",
        "vm delete web",
        "vm create web",
        "vmss scale web-ne",
        "recovery-plan failover",
        "recovery-plan failover --recovery-point latest-app-consistent",
        "recovery-plan test-failover",
        "recovery-plan commit",
        "recovery-plan reprotect",
        "sql failover-group set-primary orders --allow-data-loss",
        "backup restore --use-secondary-region",
        "network traffic-manager endpoint disable shop westeurope",
    };
    bool seen[SCN_NACT_VERBS] = {false};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        scn_act a;
        size_t col = 0;
        char msg[256];
        cr_assert(act_parse(&s->worlds[0], lines[i], &a, &col, msg, sizeof msg), "%s: %s",
                  lines[i], msg);
        seen[a.verb] = true;
        strbuf out = {0};
        act_format(&s->worlds[0], &a, &out);
        cr_assert_str_eq(sb_text(&out), lines[i]);
        sb_free(&out);
    }
    for (size_t v = 0; v < SCN_NACT_VERBS; v++)
        cr_assert(seen[v], "verb %zu untested", v);
    /* The CLI's own spellings are accepted too. */
    scn_act a;
    size_t col;
    char msg[256];
    cr_assert(act_parse(&s->worlds[0], "az storage account failover --name media "
                                       "--failover-type Planned",
                        &a, &col, msg, sizeof msg), "%s", msg);
    cr_assert(a.planned && a.target == 0);
    scn_free(s);
}

static void expect_error(const scn_scenario *s, const char *line, size_t want_col,
                         const char *want)
{
    scn_act a;
    size_t col = 0;
    char msg[512];
    cr_assert(!act_parse(&s->worlds[0], line, &a, &col, msg, sizeof msg), "%s parsed", line);
    cr_assert_eq(col, want_col, "%s: column %zu, not %zu (%s)", line, col, want_col, msg);
    cr_assert_str_eq(msg, want);
}

Test(action, errors_point_at_the_word_with_what_was_expected)
{
    scn_scenario *s = shop();
    expect_error(s, "storage account failover vhds", 26,
                 "'vhds' is not a storage account of the scenario");
    expect_error(s, "storage account failover", 25,
                 "expected a storage account of the scenario (media)");
    expect_error(s, "storage account failover media --failover-type soon", 48,
                 "expected planned or unplanned after --failover-type");
    expect_error(s, "recovery-plan failover --recovery-point newest", 41,
                 "expected a recovery point: latest, latest-processed or latest-app-consistent");
    expect_error(s, "recovery-plan fail", 15,
                 "expected failover, test-failover, commit, reprotect after 'recovery-plan'");
    expect_error(s, "vm delete web now", 15, "unexpected 'now'; expected GROUP");
    expect_error(s, "backup restore", 15,
                 "expected --use-secondary-region (drsim models Cross Region Restore: the "
                 "primary region's vault is what the outage took)");
    expect_error(s, "recovery-plan commit please", 22, "unexpected 'please' after the action");
    scn_free(s);
}

Test(action, alerts_parse_with_an_eta_bound)
{
    scn_step st;
    size_t col;
    char msg[256];
    cr_assert(act_parse_when("status eta > 4h", &st, &col, msg, sizeof msg));
    cr_assert_eq(st.when, SCN_ALERT_STATUS);
    cr_assert_float_eq(st.eta_over, 4 * 3600.0, 1e-9);
    cr_assert(act_parse_when("alert asr-rpo", &st, &col, msg, sizeof msg));
    cr_assert_eq(st.when, SCN_ALERT_ASR_RPO);
    cr_assert(!act_parse_when("alert fire", &st, &col, msg, sizeof msg));
    cr_assert_eq(col, 7);
    cr_assert(!act_parse_when("status eta > soon", &st, &col, msg, sizeof msg));
    cr_assert_eq(col, 14);
    cr_assert_str_eq(msg, "expected a duration > 0 (such as 4h)");
}

typedef struct got {
    char v[16][64];
    size_t n;
} got;

static void add(void *ctx, const char *c)
{
    got *g = ctx;
    if (g->n < 16)
        snprintf(g->v[g->n++], sizeof g->v[0], "%s", c);
}

Test(action, completion_offers_the_next_word_and_the_scenarios_names)
{
    scn_scenario *s = shop();
    got g = {0};
    const char *w0[] = {"recovery-plan"};
    act_complete(&s->worlds[0], w0, 1, "", add, &g);
    cr_assert_eq(g.n, 4);
    cr_assert_str_eq(g.v[0], "failover");
    cr_assert_str_eq(g.v[3], "reprotect");
    g.n = 0;
    const char *w1[] = {"storage", "account", "failover"};
    act_complete(&s->worlds[0], w1, 3, "me", add, &g);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.v[0], "media");
    g.n = 0;
    const char *w2[] = {"recovery-plan", "failover", "--recovery-point"};
    act_complete(&s->worlds[0], w2, 3, "latest-", add, &g);
    cr_assert_eq(g.n, 2);
    g.n = 0;
    act_complete(&s->worlds[0], NULL, 0, "v", add, &g);
    cr_assert_eq(g.n, 2, "vm and vmss");
    scn_free(s);
}
