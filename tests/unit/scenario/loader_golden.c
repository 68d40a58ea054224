/*
 * loader_golden.c — scenario files against golden files, through the
 * drsim binary (paths relative to the repository root, where tests run).
 *
 *   tests/golden/loader/NAME.yaml + NAME.stderr
 *       a bad scenario: `drsim validate` exits 2 and prints exactly NAME.stderr
 *   tests/golden/loader/good/NAME.yaml + NAME.print [+ NAME.stderr]
 *   scenarios/NAME.yaml + tests/golden/loader/scenarios/NAME.print [+ .stderr]
 *       a valid scenario: `drsim validate --print` exits 0, prints exactly
 *       NAME.print on stdout and NAME.stderr (warnings; none when absent) on
 *       stderr; the printed scenario validates again to the same bytes.
 *
 * Every .yaml in those folders must have its golden file, so a new case cannot
 * be forgotten.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/fields.h"
#include "models/scenario/loader.h"
#include "tests/support/helpers.h"

typedef struct list {
    char **names;
    size_t n;
} list;

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .yaml files of a folder, sorted (names without the folder). */
static list yaml_files(const char *dir)
{
    list l = {NULL, 0};
    DIR *d = opendir(dir);
    cr_assert(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
            l.names = realloc(l.names, (l.n + 1) * sizeof *l.names);
            l.names[l.n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(l.names, l.n, sizeof *l.names, cmp);
    return l;
}

static void list_free(list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->names[i]);
    free(l->names);
}

static char *path_of(const char *dir, const char *name, const char *ext)
{
    char *p = malloc(strlen(dir) + strlen(name) + 16);
    size_t len = strlen(name);
    if (len > 5 && strcmp(name + len - 5, ".yaml") == 0)
        len -= 5;
    sprintf(p, "%s/%.*s%s", dir, (int)len, name, ext);
    return p;
}

Test(loader_golden, bad_scenarios_print_their_exact_errors)
{
    const char *dir = "tests/golden/loader";
    list l = yaml_files(dir);
    cr_assert(l.n >= 10, "expected the bad cases in %s", dir);
    for (size_t i = 0; i < l.n; i++) {
        char *yaml = path_of(dir, l.names[i], ".yaml");
        char *golden = path_of(dir, l.names[i], ".stderr");
        char *want = th_read_file(golden, NULL);
        cr_assert(want != NULL, "%s has no golden %s", yaml, golden);
        th_result r = th_drsim_run("validate", yaml, NULL);
        cr_expect_eq(r.status, 2, "%s: exit status %d", yaml, r.status);
        cr_expect_str_eq(r.err, want, "%s: stderr differs from %s", yaml, golden);
        cr_expect_str_empty(r.out, "%s: stdout", yaml);
        th_result_free(&r);
        free(want);
        free(golden);
        free(yaml);
    }
    list_free(&l);
}

static void check_good(const char *dir, const char *golden_dir)
{
    list l = yaml_files(dir);
    cr_assert(l.n >= 1, "expected scenarios in %s", dir);
    const char *tmp = th_tmpdir();
    for (size_t i = 0; i < l.n; i++) {
        char *yaml = path_of(dir, l.names[i], ".yaml");
        char *print = path_of(golden_dir, l.names[i], ".print");
        char *errs = path_of(golden_dir, l.names[i], ".stderr");
        char *want = th_read_file(print, NULL);
        cr_assert(want != NULL, "%s has no golden %s", yaml, print);
        char *want_err = th_read_file(errs, NULL);
        th_result r = th_drsim_run("validate", "--print", yaml, NULL);
        cr_expect_eq(r.status, 0, "%s: exit status %d: %s", yaml, r.status, r.err);
        cr_expect_str_eq(r.out, want, "%s: --print differs from %s", yaml, print);
        cr_expect_str_eq(r.err, want_err ? want_err : "", "%s: stderr differs from %s", yaml,
                         errs);
        /* The printed scenario is itself valid and prints the same again. */
        char again[4096];
        snprintf(again, sizeof again, "%s/%s", tmp, l.names[i]);
        cr_assert_eq(th_write_file(again, r.out), 0);
        th_result r2 = th_drsim_run("validate", "--print", again, NULL);
        cr_expect_eq(r2.status, 0, "%s printed does not validate: %s", yaml, r2.err);
        cr_expect_str_eq(r2.out, r.out, "%s: printing the printed scenario differs", yaml);
        th_result_free(&r2);
        th_result_free(&r);
        free(want);
        free(want_err);
        free(errs);
        free(print);
        free(yaml);
    }
    list_free(&l);
}

Test(loader_golden, good_scenarios_print_their_resolved_form)
{
    check_good("tests/golden/loader/good", "tests/golden/loader/good");
}

Test(loader_golden, shipped_scenarios_are_valid_and_print_their_resolved_form)
{
    check_good("scenarios", "tests/golden/loader/scenarios");
}

/* scenarios/README.md lists every shipped scenario, and its worked example is
 * example.yaml whole (the block after "## Worked example"), so neither can
 * drift from the files. */
Test(loader_golden, scenarios_readme_lists_every_scenario_and_shows_the_example_whole)
{
    char *readme = th_read_file("scenarios/README.md", NULL);
    cr_assert(readme != NULL);
    list l = yaml_files("scenarios");
    for (size_t i = 0; i < l.n; i++) {
        char link[512];
        snprintf(link, sizeof link, "](%s)", l.names[i]);
        cr_expect(strstr(readme, link) != NULL, "scenarios/README.md does not list %s",
                  l.names[i]);
    }
    list_free(&l);

    char *example = th_read_file("scenarios/example.yaml", NULL);
    cr_assert(example != NULL);
    const char *section = strstr(readme, "\n## Worked example\n");
    cr_assert(section != NULL, "scenarios/README.md has no worked example");
    const char *block = strstr(section, "```yaml\n");
    cr_assert(block != NULL, "the worked example has no yaml block");
    block += strlen("```yaml\n");
    const char *end = strstr(block, "\n```\n");
    cr_assert(end != NULL);
    size_t n = (size_t)(end - block) + 1;
    cr_expect(n == strlen(example) && strncmp(block, example, n) == 0,
              "the worked example in scenarios/README.md differs from scenarios/example.yaml");
    free(example);
    free(readme);
}

/* Every key of the format's tables is documented in scenarios/README.md: as
 * `key`, in a dotted path (`writes.rate`, `entry.traffic_manager.ttl`,
 * `plan[].group`), or in a flow mapping (`{script: DIST}`). */
static void expect_documented(const char *readme, const fld_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const fld_field *f = &t->fields[i];
        if (f->sub)
            expect_documented(readme, f->sub);
        if (f->key == NULL)
            continue;
        /* What may stand before and after the key. */
        const char *const forms[][2] = {{"`", "`"}, {"`", "."}, {".", "`"}, {".", "."},
                                        {"{", ":"}};
        bool found = false;
        for (size_t k = 0; k < sizeof forms / sizeof forms[0] && !found; k++) {
            char want[128];
            snprintf(want, sizeof want, "%s%s%s", forms[k][0], f->key, forms[k][1]);
            found = strstr(readme, want) != NULL;
        }
        cr_expect(found, "scenarios/README.md does not document the key %s of %s", f->key,
                  t->what);
    }
}

Test(loader_golden, scenarios_readme_documents_every_key_of_the_tables)
{
    char *readme = th_read_file("scenarios/README.md", NULL);
    cr_assert_not_null(readme);
    expect_documented(readme, &fld_top);
    free(readme);
}

Test(loader_golden, validate_several_files_reports_each)
{
    th_result r =
        th_drsim_run("validate", "scenarios/example.yaml", "tests/golden/loader/empty.yaml", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.out, "scenarios/example.yaml: ok, 9 variants\n");
    cr_assert(strstr(r.err, "drsim: tests/golden/loader/empty.yaml: the file is empty") != NULL,
              "%s", r.err);
    th_result_free(&r);
}

Test(loader_golden, warnings_alone_exit_0)
{
    th_result r = th_drsim_run("validate", "scenarios/example.yaml", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.err, ": warning: churn 6MB/s exceeds Site Recovery's 5MB/s limit for a "
                            "premium disk of 1TiB at 8KiB I/O") != NULL, "%s", r.err);
    th_result_free(&r);
}

Test(loader_golden, usage_errors_exit_2)
{
    th_result r = th_drsim_run("validate", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "drsim validate: no scenario file given (try 'drsim validate "
                            "--help')\n");
    th_result_free(&r);
    r = th_drsim_run("validate", "--print", "a.yaml", "b.yaml", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "drsim validate: --print takes exactly one scenario file\n");
    th_result_free(&r);
    r = th_drsim_run("validate", "--frob", "a.yaml", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "drsim validate: unknown option '--frob' (try 'drsim validate "
                            "--help')\n");
    th_result_free(&r);
    r = th_drsim_run("validate", "--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "usage: drsim validate") != NULL);
    th_result_free(&r);
}

Test(loader_golden, unreadable_and_missing_files)
{
    th_result r = th_drsim_run("validate", "tests/golden/loader/no-such-file.yaml", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "drsim: tests/golden/loader/no-such-file.yaml: cannot read the "
                            "file: No such file or directory\n");
    th_result_free(&r);
    r = th_drsim_run("validate", "tests/golden", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_eq(r.err, "drsim: tests/golden: cannot read the file: it is a directory, not "
                            "a scenario file\n");
    th_result_free(&r);
}

Test(loader_golden, a_file_over_16_MiB_is_refused)
{
    const char *dir = th_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/big.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert(f != NULL);
    fputs("drsim: 1\nname: big\ndescription: \"", f);
    static char line[1024];
    memset(line, 'x', sizeof line - 1);
    for (int i = 0; i < 17 * 1024; i++)
        fputs(line, f);
    fputs("\"\n", f);
    fclose(f);
    th_result r = th_drsim_run("validate", path, NULL);
    cr_assert_eq(r.status, 2);
    char want[4200];
    snprintf(want, sizeof want, "drsim: %s: the file is 17.0 MiB, over the 16 MiB limit for "
                                "scenario files\n", path);
    cr_assert_str_eq(r.err, want);
    th_result_free(&r);
}

/* Every shipped scenario opens with the yaml-language-server modeline that
 * names the format's schema (an editor completes and checks keys with it),
 * then a comment header that names the file, asks its question and says where
 * its numbers come from (a source: a documentation file, a report, or a
 * "Sources" paragraph), and states its answer as `expect:` rules, which is
 * what makes `drsim check` over the library a regression suite. */
Test(loader_golden, shipped_scenarios_have_a_header_with_sources_and_expectations)
{
    const char *modeline = "# yaml-language-server: $schema=./drsim.schema.json\n";
    list l = yaml_files("scenarios");
    cr_assert(l.n >= 10, "expected the scenario library in scenarios/");
    for (size_t i = 0; i < l.n; i++) {
        char *path = path_of("scenarios", l.names[i], ".yaml");
        char *text = th_read_file(path, NULL);
        cr_assert(text != NULL, "%s", path);
        const char *h = text;
        if (strncmp(h, modeline, strlen(modeline)) == 0)
            h += strlen(modeline);
        else
            cr_expect_fail("%s: the first line is not the schema's modeline, %.*s", path,
                           (int)strlen(modeline) - 1, modeline);
        /* The header: the leading lines (after the modeline) that start with '#'. */
        size_t len = 0;
        while (h[len] == '#') {
            const char *nl = strchr(h + len, '\n');
            len = nl ? (size_t)(nl - h) + 1 : strlen(h);
        }
        char *header = strndup(h, len);
        char first[256];
        snprintf(first, sizeof first, "# %s", l.names[i]);
        cr_expect(strncmp(header, first, strlen(first)) == 0,
                  "%s: the header does not start with '%s'", path, first);
        cr_expect(strchr(header, '?') != NULL, "%s: the header asks no question", path);
        cr_expect(strstr(header, "Source") || strstr(header, "source") ||
                      strstr(header, ".md"),
                  "%s: the header cites no source", path);
        scn_scenario *s = NULL;
        scn_diags d;
        scn_diags_init(&d);
        cr_assert_eq(scn_load(path, &s, &d), ERR_OK, "%s does not load", path);
        cr_expect_gt(s->nexpects, 0, "%s has no expect: rules", path);
        scn_free(s);
        scn_diags_free(&d);
        free(header);
        free(text);
        free(path);
    }
    list_free(&l);
}

/* The replays of real outages (scenarios/replay-*.yaml) say where their
 * timeline comes from before anything else, then what happened, what the
 * scenario models and what it simplifies, which answers rest on features
 * that did not exist at the time, and what changed in their figures: a
 * replay's answer is only as good as its reading of the incident, and the
 * reader must be able to check that reading against its sources. */
Test(loader_golden, every_replay_header_cites_its_sources_first_and_says_what_it_simplifies)
{
    static const char *const parts[] = {"Sources", "What happened", "What the scenario models",
                                        "What it simplifies", "What changed"};
    list l = yaml_files("scenarios");
    size_t replays = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (strncmp(l.names[i], "replay-", 7) != 0)
            continue;
        replays++;
        char *path = path_of("scenarios", l.names[i], ".yaml");
        char *text = th_read_file(path, NULL);
        cr_assert(text != NULL, "%s", path);
        /* The header: the leading comment lines. */
        size_t len = 0;
        while (text[len] == '#') {
            const char *nl = strchr(text + len, '\n');
            len = nl ? (size_t)(nl - text) + 1 : strlen(text);
        }
        char *header = strndup(text, len);
        const char *prev = NULL;
        for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
            const char *at = strstr(header, parts[k]);
            cr_expect(at != NULL, "%s: the header has no '%s'", path, parts[k]);
            if (k == 1 && at != NULL && prev != NULL)
                cr_expect(prev < at, "%s: the header says what happened before its sources",
                          path);
            if (k == 0)
                prev = at;
        }
        cr_expect(strstr(header, "did not exist at the time") != NULL ||
                      strstr(header, "today's features") != NULL,
                  "%s: the header does not say which answers rest on features that did not "
                  "exist at the time",
                  path);
        free(header);
        free(text);
        free(path);
    }
    cr_expect_eq(replays, 5, "expected the five replays in scenarios/");
    list_free(&l);
}
