/*
 * terminal.c — text from a database or a scenario file never reaches the
 * terminal as control characters: every command shows them escaped (a
 * window title, a cleared screen, a carriage return that overwrites a line
 * are all shown, never done). And a CSV cell a spreadsheet would read as a
 * formula is made text (OWASP's CSV injection rule).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/store/store.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

#define TITLE "\x1b]0;pwned\x07"
#define CLEAR "\x1b[2J\x1b[H"
#define C1 "\xc2\x9b" "31m"

/* A run whose names and texts carry terminal controls; variant 1's name
 * starts as a spreadsheet formula. */
static void write_hostile(const char *path)
{
    err_msg e;
    store *st = NULL;
    cr_assert_eq(store_open(path, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    static const char source[] = "name: x\n";
    store_new_run nr = {
        .scenario_name = "shop" TITLE,
        .description = "line one\n" CLEAR "overwritten\rback\bspace " C1,
        .sha256 = "sha" CLEAR,
        .source = source,
        .source_len = sizeof source - 1,
        .seed = 1,
        .trials = 3,
        .trial_first = 0,
        .trial_end = 3,
        .shard_index = 1,
        .shard_count = 1,
        .trace = 3,
        .argv = "[\"drsim\",\"" TITLE "\"]",
    };
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_variant(st, 0, "wait" TITLE, "wait", "{}", &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_variant(st, 1, "=cmd|' /C calc'!A0" CLEAR, "asr", "{}", &e), ERR_OK,
                 "%s", e.text);
    for (uint32_t v = 0; v < 2; v++)
        for (uint64_t k = 0; k < 3; k++) {
            oc_trial t;
            sf_trial(v, k, &t);
            cr_assert_eq(store_run_trial(st, v, &t, &e), ERR_OK, "%s", e.text);
            cr_assert_eq(store_run_event(st, v, k, 0, 0, "outage_start", "vm" CLEAR,
                                         "detail" TITLE C1, &e),
                         ERR_OK, "%s", e.text);
        }
    cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_finish(st, &e), ERR_OK, "%s", e.text);
    store_close(st);
}

static void no_controls(const char *what, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        /* CRLF ends a CSV line (RFC 4180); any other CR is a control. */
        bool crlf = p[0] == 0x0d && p[1] == 0x0a;
        bool bad = *p == 0x1b || *p == 0x07 || *p == 0x08 || (*p == 0x0d && !crlf) || *p == 0x7f ||
                   (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f);
        cr_assert(!bad, "%s printed control byte 0x%02x at offset %zu", what, *p,
                  (size_t)(p - (const unsigned char *)text));
    }
}

Test(terminal, every_reading_command_shows_control_characters_escaped)
{
    const char *d = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/hostile.db", d);
    write_hostile(db);
    const char *cmds[][8] = {
        {"runs", "--db", db, NULL},
        {"show", "1", "--db", db, NULL},
        {"compare", "1", "--db", db, NULL},
        {"timeline", "1", "--db", db, NULL},
        {"timeline", "1", "--variant", "nothing" TITLE, "--db", db, NULL},
        {"report", "1", "--format", "md", "--db", db, NULL},
        {"report", "1", "--format", "csv", "--db", db, NULL},
        {"report", "1", "--format", "html", "--db", db, NULL},
        {"report", "1", "--format", "json", "--db", db, NULL},
        {"show", "9" CLEAR, "--db", db, NULL},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        th_result r = th_drsim_argv(cmds[i], NULL);
        cr_assert(r.status == 0 || r.status == 2, "%s: exit %d\n%s", cmds[i][0], r.status,
                  r.err);
        no_controls(cmds[i][0], r.out);
        no_controls(cmds[i][0], r.err);
        th_result_free(&r);
    }
    th_result r = th_drsim_run("show", "1", "--db", db, NULL);
    cr_assert(strstr(r.out, "shop\\e]0;pwned\\x07") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "overwritten\\rback\\x08space \\u009b31m") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "line one\n") != NULL, "a description keeps its lines");
    th_result_free(&r);
}

/* A stored argv that is valid JSON with DEL and a C1 control raw in a
 * string (JSON allows both) is still written escaped by --json. */
Test(terminal, json_output_escapes_controls_in_stored_json)
{
    const char *d = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/hostile.db", d);
    write_hostile(db);
    char cmd[1000];
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' \"UPDATE run SET argv = '[\\\"x' || char(127) || char(155) || "
             "'31m\\\"]'\"",
             db);
    cr_assert_eq(system(cmd), 0);
    char *argv = sf_query(db, "SELECT json_valid(argv) FROM run");
    cr_assert_str_eq(argv, "1", "the stored argv is valid JSON");
    free(argv);
    const char *cmds[][8] = {
        {"show", "1", "--json", "--db", db, NULL},
        {"report", "1", "--format", "json", "--db", db, NULL},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        th_result r = th_drsim_argv(cmds[i], NULL);
        th_expect(&r, 0);
        no_controls(cmds[i][0], r.out);
        cr_assert(strstr(r.out, "\"x\\u007f\\u009b31m\"") != NULL, "%s", r.out);
        th_result_free(&r);
    }
}

Test(terminal, csv_cells_that_look_like_formulas_are_text)
{
    const char *d = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/hostile.db", d);
    write_hostile(db);
    th_result r = th_drsim_run("report", "1", "--format", "csv", "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "\r\n1,'=cmd|' /C calc'!A0\\e[2J\\e[H,0,") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, ",=") == NULL, "%s", r.out);
    th_result_free(&r);
}

/* Each of the six first characters a spreadsheet reads as a formula (=, +,
 * -, @, tab, CR) gets the quote; a name that merely contains one does not. */
Test(terminal, every_formula_prefix_is_made_text)
{
    const char *d = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/prefixes.db", d);
    static const char *const names[] = {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b"};
    static const char *const cells[] = {"'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\\tx", "'\\rx",
                                        "a=b"};
    enum { N = sizeof names / sizeof names[0] };
    err_msg e;
    store *st = NULL;
    cr_assert_eq(store_open(db, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    static const char source[] = "name: x\n";
    store_new_run nr = {.scenario_name = "prefixes", .sha256 = "sha", .source = source,
                        .source_len = sizeof source - 1, .seed = 1, .trials = 1,
                        .trial_end = 1, .shard_index = 1, .shard_count = 1, .argv = "[]"};
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK, "%s", e.text);
    for (uint32_t v = 0; v < N; v++) {
        cr_assert_eq(store_run_variant(st, v, names[v], "wait", "{}", &e), ERR_OK, "%s", e.text);
        oc_trial t;
        sf_trial(v, 0, &t);
        cr_assert_eq(store_run_trial(st, v, &t, &e), ERR_OK, "%s", e.text);
    }
    cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_finish(st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    th_result r = th_drsim_run("report", "1", "--format", "csv", "--db", db, NULL);
    th_expect(&r, 0);
    for (size_t i = 0; i < N; i++) {
        char want[64];
        snprintf(want, sizeof want, "\r\n1,%s,0,", cells[i]);
        cr_assert(strstr(r.out, want) != NULL, "%s not in\n%s", want, r.out);
    }
    th_result_free(&r);
}

Test(terminal, a_rejected_scenario_is_quoted_safely)
{
    const char *d = th_tmpdir();
    char scn[600];
    snprintf(scn, sizeof scn, "%s/s.yaml", d);
    cr_assert_eq(th_write_file(scn, "drsim: 1\nname: \"shop\\e]0;pwned\\a\"\n"
                                    "strategies: [{name: wait, kind: wait}]\n"),
                 0);
    th_result r = th_drsim_run("validate", scn, NULL);
    th_expect(&r, 2);
    no_controls("validate", r.err);
    cr_assert(strstr(r.err, "\\e]0;pwned\\x07") != NULL, "%s", r.err);
    th_result_free(&r);
}
