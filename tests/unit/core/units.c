/*
 * units.c — quantities with units: the syntax cases of tests/golden/units/
 * (its .test records: every unit, every rejection with its exact message,
 * canonical and human text), and the exact print/parse round trip that
 * `drsim validate --print` relies on. (Distributions of quantities:
 * tests/unit/scenario/disttext.c.)
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/units.h"
#include "tests/support/cases.h"

/* The units_kind a record names ("byte_rate"), or -1. */
static int kind_named(const char *name)
{
    static const char *const names[] = {"duration", "size",   "rate",
                                        "byte_rate", "number", "probability"};
    for (int i = 0; i < 6; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

/* One record: what it gives, or why it went wrong, in out. */
static bool run_case(const tc_case *c, char *out, size_t n)
{
    char buf[256];
    const char *sp = strchr(c->program, ' ');
    if (sp != NULL) {
        /* format KIND / human KIND: a number's text. */
        int kind = kind_named(sp + 1);
        char *end;
        double v = strtod(c->input, &end);
        if (kind < 0 || *end != '\0' || c->fail) {
            snprintf(out, n, "(not a valid record)");
            return false;
        }
        if (strncmp(c->program, "format ", 7) == 0)
            units_format((units_kind)kind, v, out, n);
        else if (strncmp(c->program, "human ", 6) == 0)
            units_human((units_kind)kind, v, out, n);
        else
            snprintf(out, n, "(unknown program)");
        return true;
    }
    int kind = kind_named(c->program);
    if (kind < 0) {
        snprintf(out, n, "(unknown program)");
        return false;
    }
    double v = 12345;
    err_msg e;
    err_clear(&e);
    if (units_parse((units_kind)kind, c->input, &v, &e) != ERR_OK) {
        snprintf(out, n, "%%%%FAIL %s", e.text);
        /* A failure leaves the output alone. */
        return v == 12345;
    }
    units_format((units_kind)kind, v, buf, sizeof buf);
    /* The canonical text reads back as the very same double. */
    double back = -1;
    err_clear(&e);
    if (units_parse((units_kind)kind, buf, &back, &e) != ERR_OK || !(back == v)) {
        snprintf(out, n, "(\"%s\" does not read back as %.17g)", buf, v);
        return false;
    }
    snprintf(out, n, "%s", buf);
    return true;
}

Test(units, syntax_cases_of_tests_golden_units)
{
    char **paths = tc_paths("tests/golden/units");
    size_t total = 0;
    for (size_t f = 0; paths[f]; f++) {
        tc_file cf;
        char why[512];
        cr_assert_eq(tc_read(paths[f], &cf, why, sizeof why), 0, "%s", why);
        for (size_t i = 0; i < cf.n; i++) {
            const tc_case *c = &cf.cases[i];
            char got[1200], want[1300];
            bool ok = run_case(c, got, sizeof got);
            snprintf(want, sizeof want, "%s%s", c->fail ? "%%FAIL " : "", c->expected);
            cr_expect(ok, "%s:%u: %s \"%s\": %s", cf.path, c->line, c->program, c->input, got);
            cr_expect_str_eq(got, want, "%s:%u: %s \"%s\" gives %s", cf.path, c->line,
                             c->program, c->input, got);
        }
        total += cf.n;
        tc_free(&cf);
    }
    tc_paths_free(paths);
    cr_assert_geq(total, 90, "expected the unit cases in tests/golden/units/*.test");
}

static void roundtrip_value(units_kind kind, double v)
{
    char buf[128];
    units_format(kind, v, buf, sizeof buf);
    double back = -1;
    err_msg e;
    cr_assert_eq(units_parse(kind, buf, &back, &e), ERR_OK, "%.17g -> \"%s\": %s", v, buf, e.text);
    cr_assert(back == v, "%.17g -> \"%s\" -> %.17g", v, buf, back);
}

Test(units, print_parse_roundtrip_is_exact)
{
    /* A deterministic spread of values: awkward fractions, huge and tiny. */
    double seeds[] = {0, 1, 0.1, 1.0 / 3, 2.0 / 3, 59.999, 86399.5, 1e-6, 1.234567e-5,
                      7.7e9, 3.14159265358979, 123456789.123, 1e15, 6e6, 1.5e12};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
        for (int k = 0; k < 40; k++) {
            double v = seeds[i] * pow(1.37, k - 20);
            roundtrip_value(UNITS_DURATION, v);
            roundtrip_value(UNITS_SIZE, v);
            roundtrip_value(UNITS_RATE, v);
            roundtrip_value(UNITS_BYTE_RATE, v);
            roundtrip_value(UNITS_NUMBER, v);
        }
}
