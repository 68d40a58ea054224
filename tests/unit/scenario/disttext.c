/*
 * disttext.c — distributions of quantities as scenario files write them: the
 * syntax cases of tests/golden/disttext/ (its .test records: every form, every
 * rejection with its exact message, the canonical text of each, which parses
 * back to the same distribution), and empirical(file=), which needs files.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/disttext.h"
#include "tests/support/cases.h"
#include "tests/support/helpers.h"

static int kind_named(const char *name)
{
    static const char *const names[] = {"duration", "size",   "rate",
                                        "byte_rate", "number", "probability"};
    for (int i = 0; i < 6; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

static bool same_dist(const dist *a, const dist *b)
{
    if (a->kind != b->kind || !(a->a == b->a) || !(a->b == b->b) || !(a->c == b->c) ||
        a->n != b->n || a->nonneg != b->nonneg || a->from_quantiles != b->from_quantiles)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (!(a->values[i] == b->values[i]))
            return false;
    return true;
}

/* One record, "dist KIND": what it gives, or why it went wrong, in out. */
static bool run_case(const tc_case *c, arena *a, char *out, size_t n)
{
    int kind = strncmp(c->program, "dist ", 5) == 0 ? kind_named(c->program + 5) : -1;
    if (kind < 0) {
        snprintf(out, n, "(unknown program)");
        return false;
    }
    dist d, back;
    err_msg e;
    err_clear(&e);
    err_code rc = dtext_parse((units_kind)kind, c->input, NULL, a, &d, &e);
    if (rc != ERR_OK) {
        snprintf(out, n, "%s%s", rc == ERR_INPUT ? "%%FAIL " : "(not ERR_INPUT) ", e.text);
        return rc == ERR_INPUT;
    }
    char buf[256];
    dtext_format(&d, (units_kind)kind, buf, sizeof buf);
    /* Quantities with units never go below 0; the text reads back the same. */
    if (kind != UNITS_NUMBER && !d.nonneg) {
        snprintf(out, n, "(%s may draw below 0)", buf);
        return false;
    }
    err_clear(&e);
    if (dtext_parse((units_kind)kind, buf, NULL, a, &back, &e) != ERR_OK ||
        !same_dist(&d, &back)) {
        snprintf(out, n, "(\"%s\" does not read back the same)", buf);
        return false;
    }
    snprintf(out, n, "%s", buf);
    return true;
}

Test(disttext, syntax_cases_of_tests_golden_disttext)
{
    char **paths = tc_paths("tests/golden/disttext");
    size_t total = 0;
    arena a;
    arena_init(&a);
    for (size_t f = 0; paths[f]; f++) {
        tc_file cf;
        char why[512];
        cr_assert_eq(tc_read(paths[f], &cf, why, sizeof why), 0, "%s", why);
        for (size_t i = 0; i < cf.n; i++) {
            const tc_case *c = &cf.cases[i];
            char got[1200], want[1300];
            bool ok = run_case(c, &a, got, sizeof got);
            snprintf(want, sizeof want, "%s%s", c->fail ? "%%FAIL " : "", c->expected);
            cr_expect(ok, "%s:%u: %s \"%s\": %s", cf.path, c->line, c->program, c->input, got);
            cr_expect_str_eq(got, want, "%s:%u: %s \"%s\" gives %s", cf.path, c->line,
                             c->program, c->input, got);
        }
        total += cf.n;
        tc_free(&cf);
    }
    arena_free(&a);
    tc_paths_free(paths);
    cr_assert_geq(total, 45, "expected the distribution cases in tests/golden/disttext/*.test");
}

Test(disttext, empirical_file)
{
    const char *dir = th_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/delays.txt", dir);
    cr_assert_eq(th_write_file(path, "# observed\n45s\n\n2m\r\n  30s  \n"), 0);
    arena a;
    arena_init(&a);
    dist d;
    err_msg e;
    cr_assert_eq(dtext_parse(UNITS_DURATION, "empirical(file=delays.txt)", dir, &a, &d, &e),
                 ERR_OK, "%s", e.text);
    cr_assert_eq(d.n, 3);
    cr_assert(d.values[0] == 30 && d.values[1] == 45 && d.values[2] == 120);

    snprintf(path, sizeof path, "%s/bad.txt", dir);
    cr_assert_eq(th_write_file(path, "45s\nlots\n"), 0);
    cr_assert_eq(dtext_parse(UNITS_DURATION, "empirical(file=bad.txt)", dir, &a, &d, &e),
                 ERR_INPUT);
    cr_assert(strstr(e.text, "empirical file \"bad.txt\", line 2: not a duration (it begins "
                             "\"lots\")") != NULL,
              "%s", e.text);

    snprintf(path, sizeof path, "%s/empty.txt", dir);
    cr_assert_eq(th_write_file(path, "# nothing\n"), 0);
    cr_assert_eq(dtext_parse(UNITS_DURATION, "empirical(file=empty.txt)", dir, &a, &d, &e),
                 ERR_INPUT);
    cr_assert(strstr(e.text, "has no values") != NULL, "%s", e.text);

    cr_assert_eq(dtext_parse(UNITS_DURATION, "empirical(file=.)", dir, &a, &d, &e),
                 ERR_INPUT);
    cr_assert(strstr(e.text, "is not a regular file") != NULL, "%s", e.text);

    /* Over the size bound. */
    snprintf(path, sizeof path, "%s/big.txt", dir);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 200000; i++)
        fputs("12345s\n", f);
    fclose(f);
    cr_assert_eq(dtext_parse(UNITS_DURATION, "empirical(file=big.txt)", dir, &a, &d, &e),
                 ERR_INPUT);
    cr_assert(strstr(e.text, "larger than 1 MiB") != NULL, "%s", e.text);
    arena_free(&a);
}
