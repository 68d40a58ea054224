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

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *python(void)
{
    const char *p = getenv("DRSIM_PYTHON");
    return p && p[0] ? p : "/usr/bin/python3";
}

/* Runs schema_check.py on files (NULL-terminated, any number); every file's
 * verdict, one line each. */
static th_result check(const char *const *files)
{
    size_t n = 0;
    while (files[n] != NULL)
        n++;
    const char **argv = malloc((n + 4) * sizeof *argv);
    cr_assert_not_null(argv);
    argv[0] = python();
    argv[1] = "tests/support/schema_check.py";
    argv[2] = SCHEMA;
    for (size_t i = 0; i < n; i++)
        argv[3 + i] = files[i];
    argv[3 + n] = NULL;
    th_result r = th_run(argv, NULL);
    free(argv);
    cr_assert_eq(r.status, 0, "%s tests/support/schema_check.py failed (python3-jsonschema and "
                              "python3-yaml are needed: make installs them): %s%s",
                 python(), r.out, r.err);
    return r;
}

/* The .yaml files of dir, sorted, as "dir/name" (NULL-terminated; free
 * with free_list). */
static char **yaml_files(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    size_t n = 0, cap = 16;
    char **files = malloc(cap * sizeof *files);
    cr_assert_not_null(files);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        if (n + 1 >= cap) {
            cap *= 2;
            files = realloc(files, cap * sizeof *files);
            cr_assert_not_null(files);
        }
        files[n] = malloc(strlen(dir) + len + 2);
        cr_assert_not_null(files[n]);
        sprintf(files[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(files, n, sizeof *files, by_name);
    files[n] = NULL;
    *count = n;
    return files;
}

static void free_list(char **files)
{
    for (size_t i = 0; files[i] != NULL; i++)
        free(files[i]);
    free(files);
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
    size_t n = 0;
    char **files = yaml_files("scenarios", &n);
    cr_assert_geq(n, 10, "expected the scenario library in scenarios/");
    th_result r = check((const char *const *)files);
    for (size_t i = 0; i < n; i++) {
        char want[512];
        snprintf(want, sizeof want, "%s: valid", files[i]);
        cr_expect_str_eq(verdict(&r, files[i]), want);
    }
    free_list(files);
    th_result_free(&r);
}

/* Every golden bad input of the loader, and what the schema makes of it:
 * refused where it finds the first problem (the path, and a word of the
 * value or key); unreadable as YAML (a syntax error, not UTF-8, two
 * documents, a tag); or valid — references, checks across keys, value
 * bounds a text pattern cannot state, duplicate keys a YAML library merges
 * — where the schema's knowledge ends and `drsim validate` must refuse it.
 * A golden input not listed here fails the test: each new one gets its
 * verdict. */
static const struct {
    const char *file, *where, *word;
} verdicts[] = {
    {"alias_cycle.yaml", "(top)", "strategies"},
    {"asr_limits.yaml", "strategies/0/plan", "g1"},
    {"backup.yaml", NULL, "valid"},
    {"backup_none.yaml", "strategies/0/failback", "after"},
    {"billion_laughs.yaml", "(top)", "strategies"},
    {"bounds.yaml", NULL, "valid"},
    {"cosmos_accounts.yaml", "apps/0/data", "non-unique"},
    {"disks.yaml", NULL, "valid"},
    {"distributions.yaml", "vms/0/provision", "gauss"},
    {"duplicates.yaml", NULL, "valid"},
    {"empty.yaml", "(top)", "None is not of type 'object'"},
    {"expect.yaml", NULL, "unreadable"},
    {"front_door.yaml", "apps/1/entry/front_door/propagation", "-1s"},
    {"no_strategies.yaml", "strategies", "None"},
    {"not_utf8.yaml", NULL, "unreadable"},
    {"placement.yaml", NULL, "valid"},
    {"references.yaml", NULL, "valid"},
    {"restricted.yaml", "storage/2/name", "False"},
    {"runbook_errors.yaml", "outages/0/status_page/0/eta", "soon"},
    {"sql.yaml", "apps/0/data", "non-unique"},
    {"storage_accounts.yaml", "storage/0", "resync"},
    {"strata.yaml", NULL, "valid"},
    {"strata_sweep.yaml", NULL, "valid"},
    {"sweep.yaml", "sweep", "storag.vhds.redundancy"},
    {"sweep_replaced.yaml", "apps/0/needs_capacity", "1.5"},
    {"sweep_count.yaml", NULL, "valid"},
    {"syntax_error.yaml", NULL, "unreadable"},
    {"too_deep.yaml", "(top)", "strategies"},
    {"too_many_errors.yaml", NULL, "valid"},
    {"top_level.yaml", "(top)", "a-list-is-not-a-scenario"},
    {"traffic_manager.yaml", "apps/0/entry/traffic_manager/tolerated_failures", "10"},
    {"two_documents.yaml", NULL, "unreadable"},
    {"units.yaml", "horizon", "336"},
    {"unknown_keys.yaml", "(top)", "horizn"},
    {"version.yaml", "(top)", "name"},
    {"wrong_types.yaml", "horizon", "14d"},
    {"zone_to_zone.yaml", NULL, "valid"},
    {"zones.yaml", NULL, "valid"},
};

Test(schema, every_golden_bad_input_has_its_verdict_and_drsim_refuses_it)
{
    size_t n = 0;
    char **files = yaml_files("tests/golden/loader", &n);
    th_result r = check((const char *const *)files);
    for (size_t i = 0; i < n; i++) {
        const char *name = strrchr(files[i], '/') + 1;
        size_t k = 0, nv = sizeof verdicts / sizeof verdicts[0];
        while (k < nv && strcmp(verdicts[k].file, name) != 0)
            k++;
        cr_expect(k < nv, "%s has no verdict in tests/e2e/schema.c: add one", files[i]);
        if (k == nv)
            continue;
        const char *v = verdict(&r, files[i]);
        char want[512];
        if (verdicts[k].where == NULL) {
            snprintf(want, sizeof want, "%s: %s", files[i], verdicts[k].word);
            cr_expect(strncmp(v, want, strlen(want)) == 0, "expected \"%s\": %s", want, v);
        } else {
            snprintf(want, sizeof want, "%s: invalid: %s: ", files[i], verdicts[k].where);
            cr_expect(strncmp(v, want, strlen(want)) == 0, "%s: expected it refused at %s: %s",
                      files[i], verdicts[k].where, v);
            cr_expect(strstr(v + strlen(want) - 2, verdicts[k].word) != NULL,
                      "%s: expected '%s' in the reason: %s", files[i], verdicts[k].word, v);
        }
        /* Whatever the schema says, drsim refuses every one of them. */
        th_result x = th_drsim_run("validate", files[i], NULL);
        cr_expect_eq(x.status, 2, "%s: drsim validate exits %d", files[i], x.status);
        th_result_free(&x);
    }
    free_list(files);
    th_result_free(&r);
}

/* A value drsim refuses as zero (a horizon, a share of the load) is refused
 * by the schema too, in any spelling of zero; a positive one is not. */
Test(schema, zero_is_refused_where_drsim_refuses_it)
{
    const char *dir = th_tmpdir();
    static const struct {
        const char *line, *verdict;
    } cases[] = {
        {"horizon: 0s", "invalid: horizon: "},
        {"horizon: 0", "invalid: horizon: "},
        {"horizon: 0.0h", "invalid: horizon: "},
        {"horizon: 0h 30m", "valid"},
        {"horizon: 30m", "valid"},
    };
    enum { N = sizeof cases / sizeof cases[0] };
    char paths[N][600];
    const char *files[N + 1];
    for (size_t i = 0; i < N; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/z%zu.yaml", dir, i);
        char text[300];
        snprintf(text, sizeof text,
                 "drsim: 1\nname: z\n%s\nstrategies: [{name: wait, kind: wait}]\n",
                 cases[i].line);
        cr_assert_eq(th_write_file(paths[i], text), 0);
        files[i] = paths[i];
    }
    files[N] = NULL;
    th_result r = check(files);
    for (size_t i = 0; i < N; i++) {
        char want[4096];
        snprintf(want, sizeof want, "%s: %s", paths[i], cases[i].verdict);
        const char *v = verdict(&r, paths[i]);
        cr_expect(strncmp(v, want, strlen(want)) == 0, "%s: expected \"%s\": %s", cases[i].line,
                  cases[i].verdict, v);
        th_result x = th_drsim_run("validate", paths[i], NULL);
        cr_expect_eq(x.status, cases[i].verdict[0] == 'v' ? 0 : 2, "%s: drsim validate: %s",
                     cases[i].line, x.err);
        th_result_free(&x);
    }
    th_result_free(&r);
}
