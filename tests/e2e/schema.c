/*
 * schema.c — `drsim schema` and scenarios/drsim.schema.json, the copy the
 * shipped scenarios name in their yaml-language-server modeline.
 *
 * The copy is the command's output byte for byte. A real JSON Schema
 * validator (Debian's python3-jsonschema, driven by
 * tests/support/schema_check.py, which reads YAML as any tool does) accepts
 * every shipped scenario, and refuses the golden bad inputs a schema can
 * judge — unknown keys, wrong types, values out of bounds or not of their
 * unit — so the check can fail; it accepts the bad inputs only `drsim
 * validate` can judge (references, checks across keys), which is where the
 * schema's knowledge ends. The interpreter is $DRSIM_PYTHON (the Makefile
 * sets it), else Debian's /usr/bin/python3.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/helpers.h"

#define SCHEMA "scenarios/drsim.schema.json"

static const char *python(void)
{
    const char *p = getenv("DRSIM_PYTHON");
    return p && p[0] ? p : "/usr/bin/python3";
}

/* Runs schema_check.py on files (NULL-terminated); every file's verdict, one
 * line each. */
static th_result check(const char *const *files)
{
    const char *argv[64] = {python(), "tests/support/schema_check.py", SCHEMA};
    size_t n = 3;
    for (size_t i = 0; files[i] && n < 63; i++)
        argv[n++] = files[i];
    argv[n] = NULL;
    th_result r = th_run(argv, NULL);
    cr_assert_eq(r.status, 0, "%s tests/support/schema_check.py failed (python3-jsonschema and "
                              "python3-yaml are needed: make installs them): %s%s",
                 python(), r.out, r.err);
    return r;
}

/* The verdict line of file in a check's output. */
static const char *verdict(const th_result *r, const char *file)
{
    static char line[1024];
    size_t n = strlen(file);
    for (const char *p = r->out; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > n + 1 && strncmp(p, file, n) == 0 && p[n] == ':') {
            snprintf(line, sizeof line, "%.*s", (int)len, p);
            return line;
        }
        p = nl ? nl + 1 : NULL;
    }
    return "";
}

Test(schema, the_shipped_file_is_drsim_schema_output)
{
    th_result r = th_drsim_run("schema", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_empty(r.err);
    char *shipped = th_read_file(SCHEMA, NULL);
    cr_assert_not_null(shipped, "%s is missing", SCHEMA);
    cr_expect_str_eq(r.out, shipped, "%s differs from `drsim schema` (write it again with "
                                     "build/release/drsim schema > %s)", SCHEMA, SCHEMA);
    free(shipped);
    th_result_free(&r);
}

Test(schema, usage_and_help)
{
    th_result r = th_drsim_run("schema", "extra", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "drsim schema: unexpected argument 'extra' (try 'drsim schema "
                            "--help')\n");
    cr_assert_str_empty(r.out);
    th_result_free(&r);
    r = th_drsim_run("schema", "--frob", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "drsim schema: unknown option '--frob' (try 'drsim schema --help')\n");
    th_result_free(&r);
    r = th_drsim_run("schema", "--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "usage: drsim schema") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "# yaml-language-server: $schema=./drsim.schema.json") != NULL);
    th_result_free(&r);
    r = th_drsim_run("--help", NULL);
    cr_assert(strstr(r.out, "\n  schema ") != NULL, "drsim --help does not list schema");
    th_result_free(&r);
}

Test(schema, every_shipped_scenario_is_valid_under_the_schema)
{
    const char *files[64];
    size_t n = 0;
    DIR *d = opendir("scenarios");
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 63) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
            char *path = malloc(len + 16);
            sprintf(path, "scenarios/%s", e->d_name);
            files[n++] = path;
        }
    }
    closedir(d);
    files[n] = NULL;
    cr_assert_geq(n, 10, "expected the scenario library in scenarios/");
    th_result r = check(files);
    for (size_t i = 0; i < n; i++) {
        char want[512];
        snprintf(want, sizeof want, "%s: valid", files[i]);
        cr_expect_str_eq(verdict(&r, files[i]), want);
        free((char *)(uintptr_t)files[i]);
    }
    th_result_free(&r);
}

/* The golden bad inputs that a schema can judge, and where it finds the
 * first problem (the path, and a word of the value or key). */
static const struct {
    const char *file, *where, *word;
} refused[] = {
    {"unknown_keys.yaml", "(top)", "horizn"},
    {"wrong_types.yaml", "horizon", "14d"},
    {"units.yaml", "horizon", "336"},
    {"version.yaml", "(top)", "name"},
    {"top_level.yaml", "(top)", "a-list-is-not-a-scenario"},
    {"no_strategies.yaml", "strategies", "None"},
    {"sweep.yaml", "sweep", "storag.vhds.redundancy"},
    {"traffic_manager.yaml", "apps/0/entry/traffic_manager/tolerated_failures", "10"},
    {"asr_limits.yaml", "strategies/0/plan", "g1"},
    {"distributions.yaml", "vms/0/provision", "gauss"},
};

Test(schema, golden_bad_inputs_fail_the_schema)
{
    size_t n = sizeof refused / sizeof refused[0];
    const char *files[32];
    for (size_t i = 0; i < n; i++) {
        char *path = malloc(strlen(refused[i].file) + 32);
        sprintf(path, "tests/golden/loader/%s", refused[i].file);
        files[i] = path;
    }
    files[n] = NULL;
    th_result r = check(files);
    for (size_t i = 0; i < n; i++) {
        const char *v = verdict(&r, files[i]);
        char want[512];
        snprintf(want, sizeof want, "%s: invalid: %s: ", files[i], refused[i].where);
        cr_expect(strncmp(v, want, strlen(want)) == 0, "%s: expected it refused at %s: %s",
                  files[i], refused[i].where, v);
        cr_expect(strstr(v + strlen(want) - 2, refused[i].word) != NULL,
                  "%s: expected '%s' in the reason: %s", files[i], refused[i].word, v);
        free((char *)(uintptr_t)files[i]);
    }
    th_result_free(&r);
}

/* References and checks across keys are beyond a schema: these bad inputs
 * pass it, and drsim validate refuses them. */
Test(schema, references_and_cross_checks_are_left_to_drsim_validate)
{
    const char *files[] = {"tests/golden/loader/references.yaml",
                           "tests/golden/loader/placement.yaml", NULL};
    th_result r = check(files);
    for (size_t i = 0; files[i]; i++) {
        char want[512];
        snprintf(want, sizeof want, "%s: valid", files[i]);
        cr_expect_str_eq(verdict(&r, files[i]), want);
        th_result v = th_drsim_run("validate", files[i], NULL);
        cr_expect_eq(v.status, 2, "%s", files[i]);
        th_result_free(&v);
    }
    th_result_free(&r);
}
