/*
 * units.c — quantities, distributions and their formatting: every unit,
 * every distribution form, every rejection, and the exact print/parse round
 * trip that `drsim validate --print` relies on.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tests/support/helpers.h"
#include "sim/core/units.h"
#include "models/scenario/disttext.h"

static double val(units_kind kind, const char *text)
{
    double v = -1;
    err_msg e;
    err_clear(&e);
    err_code rc = units_parse(kind, text, &v, &e);
    cr_assert_eq(rc, ERR_OK, "\"%s\" should parse: %s", text, e.text);
    return v;
}

static const char *bad(units_kind kind, const char *text)
{
    static err_msg e;
    double v = 12345;
    err_clear(&e);
    err_code rc = units_parse(kind, text, &v, &e);
    cr_assert_eq(rc, ERR_INPUT, "\"%s\" should be rejected", text);
    cr_assert_eq(v, 12345, "output must be unchanged on failure");
    return e.text;
}

Test(units, durations)
{
    cr_assert_eq(val(UNITS_DURATION, "500ms"), 0.5);
    cr_assert_eq(val(UNITS_DURATION, "30s"), 30);
    cr_assert_eq(val(UNITS_DURATION, "15m"), 900);
    cr_assert_eq(val(UNITS_DURATION, "2h"), 7200);
    cr_assert_eq(val(UNITS_DURATION, "1d"), 86400);
    cr_assert_eq(val(UNITS_DURATION, "1h30m"), 5400);
    cr_assert_eq(val(UNITS_DURATION, "1h 30m"), 5400);
    cr_assert_eq(val(UNITS_DURATION, "1d2h3m4s5ms6us"), 93784.005006);
    cr_assert_eq(val(UNITS_DURATION, "0"), 0);
    cr_assert_eq(val(UNITS_DURATION, "0s"), 0);
    cr_assert_eq(val(UNITS_DURATION, "1.5h"), 5400);
    cr_assert_eq(val(UNITS_DURATION, "100ms"), 0.1);
    cr_assert_eq(val(UNITS_DURATION, "250us"), 0.00025);
    cr_assert_eq(val(UNITS_DURATION, "1e3s"), 1000);
    cr_assert_eq(val(UNITS_DURATION, " 5m "), 300);
}

Test(units, bad_durations)
{
    cr_assert_str_eq(bad(UNITS_DURATION, "300"),
                     "\"300\" has no unit; durations take us, ms, s, m, h or d (expected a "
                     "duration such as 15m or 2h)");
    cr_assert(strstr(bad(UNITS_DURATION, "5min"), "write 5m for five minutes") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, "5 minutes"), "unknown unit \"minutes\"") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, "-5m"), "is negative") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, "1e400s"), "too large") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, "inf"), "is not a duration") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, "nan"), "is not a duration") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, ".inf"), "is not a duration") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, "0x10s"), "unknown unit \"x\"") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, ""), "nothing given") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, "uniform(1m, 2m)"), "a fixed value is needed") != NULL);
    cr_assert(strstr(bad(UNITS_DURATION, "5m!"), "is not a duration") != NULL);
}

Test(units, sizes)
{
    cr_assert_eq(val(UNITS_SIZE, "512B"), 512);
    cr_assert_eq(val(UNITS_SIZE, "16KB"), 16000);
    cr_assert_eq(val(UNITS_SIZE, "16KiB"), 16384);
    cr_assert_eq(val(UNITS_SIZE, "1MB"), 1e6);
    cr_assert_eq(val(UNITS_SIZE, "1MiB"), 1048576);
    cr_assert_eq(val(UNITS_SIZE, "1GB"), 1e9);
    cr_assert_eq(val(UNITS_SIZE, "1.5GiB"), 1610612736);
    cr_assert_eq(val(UNITS_SIZE, "1TB"), 1e12);
    cr_assert_eq(val(UNITS_SIZE, "1TiB"), 1099511627776.0);
    cr_assert_eq(val(UNITS_SIZE, "128 GiB"), 137438953472.0);
    cr_assert_eq(val(UNITS_SIZE, "0"), 0);
    cr_assert(strstr(bad(UNITS_SIZE, "100"), "has no unit") != NULL);
    cr_assert(strstr(bad(UNITS_SIZE, "1kb"), "unknown unit \"kb\"") != NULL);
    cr_assert(strstr(bad(UNITS_SIZE, "1MB/s"), "is a rate, not a size") != NULL);
    cr_assert(strstr(bad(UNITS_SIZE, "1e308TiB"), "too large") != NULL);
}

Test(units, rates)
{
    cr_assert_eq(val(UNITS_RATE, "150/s"), 150);
    cr_assert_eq(val(UNITS_RATE, "2/min"), 2.0 / 60);
    cr_assert_eq(val(UNITS_RATE, "36/h"), 0.01);
    cr_assert_eq(val(UNITS_RATE, "0"), 0);
    cr_assert_eq(val(UNITS_BYTE_RATE, "40MB/s"), 40e6);
    cr_assert_eq(val(UNITS_BYTE_RATE, "500KB/s"), 500e3);
    cr_assert_eq(val(UNITS_BYTE_RATE, "1GiB/min"), 1073741824.0 / 60);
    cr_assert_eq(val(UNITS_BYTE_RATE, "0"), 0);
    cr_assert(strstr(bad(UNITS_RATE, "40MB/s"), "is a byte rate, not a rate of events") != NULL);
    cr_assert(strstr(bad(UNITS_RATE, "150"), "no unit of time") != NULL);
    cr_assert(strstr(bad(UNITS_BYTE_RATE, "40/s"), "is a rate of events, not of bytes") != NULL);
    cr_assert(strstr(bad(UNITS_BYTE_RATE, "40MB"), "no unit of time") != NULL);
    cr_assert(strstr(bad(UNITS_BYTE_RATE, "40MB/week"), "unknown time unit") != NULL);
}

Test(units, numbers_and_probabilities)
{
    cr_assert_eq(val(UNITS_NUMBER, "1.5"), 1.5);
    cr_assert_eq(val(UNITS_NUMBER, "-2"), -2);
    cr_assert_eq(val(UNITS_NUMBER, "3e-4"), 3e-4);
    cr_assert_eq(val(UNITS_PROBABILITY, "0.05"), 0.05);
    cr_assert_eq(val(UNITS_PROBABILITY, "1"), 1);
    cr_assert_eq(val(UNITS_PROBABILITY, "0"), 0);
    cr_assert_str_eq(bad(UNITS_PROBABILITY, "1.5"),
                     "\"1.5\" is not between 0 and 1 (expected a probability between 0 and 1 "
                     "such as 0.05)");
    cr_assert(strstr(bad(UNITS_PROBABILITY, "5%"), "is not a number") != NULL);
    cr_assert(strstr(bad(UNITS_NUMBER, "0x1p3"), "is not a number") != NULL);
    cr_assert(strstr(bad(UNITS_NUMBER, "1e999"), "too large") != NULL);
}

/* ---- distributions ---- */

static dist pd(units_kind kind, const char *text, arena *a)
{
    dist d;
    err_msg e;
    err_clear(&e);
    err_code rc = dtext_parse(kind, text, NULL, a, &d, &e);
    cr_assert_eq(rc, ERR_OK, "\"%s\" should parse: %s", text, e.text);
    return d;
}

static const char *pd_bad(units_kind kind, const char *text)
{
    static err_msg e;
    arena a;
    arena_init(&a);
    dist d;
    err_clear(&e);
    err_code rc = dtext_parse(kind, text, NULL, &a, &d, &e);
    arena_free(&a);
    cr_assert_eq(rc, ERR_INPUT, "\"%s\" should be rejected", text);
    return e.text;
}

Test(units, distributions)
{
    arena a;
    arena_init(&a);
    dist d = pd(UNITS_DURATION, "5m", &a);
    cr_assert_eq(d.kind, DIST_CONST);
    cr_assert_eq(d.a, 300);
    d = pd(UNITS_DURATION, "uniform(2m, 5m)", &a);
    cr_assert(d.kind == DIST_UNIFORM && d.a == 120 && d.b == 300);
    d = pd(UNITS_DURATION, "uniform(0, 7d)", &a);
    cr_assert(d.kind == DIST_UNIFORM && d.a == 0 && d.b == 604800);
    d = pd(UNITS_SIZE, "exponential(mean=16KiB)", &a);
    cr_assert(d.kind == DIST_EXPONENTIAL && d.a == 16384);
    d = pd(UNITS_DURATION, "normal(mean=1h, sd=10m)", &a);
    cr_assert(d.kind == DIST_NORMAL && d.a == 3600 && d.b == 600 && d.nonneg);
    d = pd(UNITS_DURATION, "normal(sd=10m, mean=1h)", &a);
    cr_assert(d.kind == DIST_NORMAL && d.a == 3600 && d.b == 600);
    d = pd(UNITS_DURATION, "lognormal(p50=45s, p99=12m)", &a);
    cr_assert(d.kind == DIST_LOGNORMAL && d.from_quantiles);
    cr_assert_float_eq(exp(d.a), 45, 1e-9);
    d = pd(UNITS_DURATION, "lognormal(mu=3.8, sigma=1.2)", &a);
    cr_assert(d.kind == DIST_LOGNORMAL && !d.from_quantiles && d.a == 3.8 && d.b == 1.2);
    d = pd(UNITS_DURATION, "weibull(shape=1.5, scale=2h)", &a);
    cr_assert(d.kind == DIST_WEIBULL && d.a == 1.5 && d.b == 7200);
    d = pd(UNITS_DURATION, "triangular(1m, 5m, 10m)", &a);
    cr_assert(d.kind == DIST_TRIANGULAR && d.a == 60 && d.b == 300 && d.c == 600);
    d = pd(UNITS_DURATION, "empirical([5m, 1m, 2m])", &a);
    cr_assert(d.kind == DIST_EMPIRICAL && d.n == 3);
    cr_assert(d.values[0] == 60 && d.values[1] == 120 && d.values[2] == 300, "sorted");
    d = pd(UNITS_BYTE_RATE, " uniform( 10MB/s , 40MB/s ) ", &a);
    cr_assert(d.kind == DIST_UNIFORM && d.a == 10e6 && d.b == 40e6);
    arena_free(&a);
}

Test(units, bad_distributions)
{
    cr_assert_str_eq(pd_bad(UNITS_DURATION, "5 minutes"),
                     "unknown unit \"minutes\" in \"5 minutes\"; durations take us, ms, s, m, h "
                     "or d (expected a duration such as 15m, 2h or lognormal(p50=…, p99=…))");
    cr_assert_str_eq(pd_bad(UNITS_DURATION, "gauss(1m, 2m)"),
                     "unknown distribution \"gauss\" (expected uniform, exponential, normal, "
                     "lognormal, weibull, triangular or empirical)");
    cr_assert_str_eq(pd_bad(UNITS_DURATION, "uniform(5m, 1m)"),
                     "in \"uniform(5m, 1m)\": uniform(low, high) needs low <= high");
    cr_assert_str_eq(pd_bad(UNITS_DURATION, "uniform(1m)"),
                     "uniform takes two values, as in uniform(1m, 10m)");
    cr_assert_str_eq(pd_bad(UNITS_SIZE, "exponential(16KiB)"),
                     "exponential takes mean=, as in exponential(mean=16KiB)");
    cr_assert(strstr(pd_bad(UNITS_DURATION, "exponential(mean=0s)"), "greater than 0") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "normal(mean=1h)"), "normal takes mean= and sd=") !=
              NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "lognormal(p50=1h, sigma=2)"),
                     "lognormal takes p50= and p99=") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "lognormal(p50=1h, p99=1m)"),
                     "p99 must not be less than p50") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "lognormal(mu=1000, sigma=1)"),
                     "beyond any finite number") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "weibull(shape=0, scale=1h)"),
                     "weibull shape must be greater than 0") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "triangular(5m, 1m, 10m)"),
                     "min <= mode <= max") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "empirical([])"), "empty value") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "empirical(1m, 2m)"), "empirical takes a list") !=
              NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "uniform(1m, 2m"), "does not end with ')'") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "uniform(1m, inf)"), "in \"uniform(1m, inf)\"") !=
              NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "uniform(1m, 1e999s)"), "too large") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "uniform(-1m, 1m)"), "is negative") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "uniform((1m, 2m)"), "uniform takes two") != NULL);
    cr_assert(strstr(pd_bad(UNITS_DURATION, "empirical(file=/dev/null/x)"),
                     "cannot open empirical file") != NULL);
}

Test(units, empirical_file)
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
    cr_assert(strstr(e.text, "empirical file \"bad.txt\", line 2: \"lots\" is not a duration") !=
                  NULL, "%s", e.text);

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

/* ---- formatting ---- */

static const char *fmt(units_kind kind, double v)
{
    static char buf[128];
    units_format(kind, v, buf, sizeof buf);
    return buf;
}

Test(units, canonical_formats)
{
    cr_assert_str_eq(fmt(UNITS_DURATION, 5400), "1h30m");
    cr_assert_str_eq(fmt(UNITS_DURATION, 0.5), "500ms");
    cr_assert_str_eq(fmt(UNITS_DURATION, 0), "0s");
    cr_assert_str_eq(fmt(UNITS_DURATION, 1209600), "14d");
    cr_assert_str_eq(fmt(UNITS_DURATION, 90.5), "1m30s500ms");
    cr_assert_str_eq(fmt(UNITS_DURATION, 0.00025), "250us");
    cr_assert_str_eq(fmt(UNITS_DURATION, 1e-7), "1e-07s");
    cr_assert_str_eq(fmt(UNITS_SIZE, 1610612736), "1.5GiB");
    cr_assert_str_eq(fmt(UNITS_SIZE, 16384), "16KiB");
    cr_assert_str_eq(fmt(UNITS_SIZE, 500000), "500KB");
    cr_assert_str_eq(fmt(UNITS_SIZE, 1e12), "1TB");
    cr_assert_str_eq(fmt(UNITS_SIZE, 1536), "1.5KiB");
    cr_assert_str_eq(fmt(UNITS_SIZE, 0), "0B");
    cr_assert_str_eq(fmt(UNITS_SIZE, 123), "123B");
    cr_assert_str_eq(fmt(UNITS_RATE, 150), "150/s");
    cr_assert_str_eq(fmt(UNITS_RATE, 2.0 / 60), "2/min");
    cr_assert_str_eq(fmt(UNITS_RATE, 0), "0/s");
    cr_assert_str_eq(fmt(UNITS_BYTE_RATE, 40e6), "40MB/s");
    cr_assert_str_eq(fmt(UNITS_BYTE_RATE, 6e6), "6MB/s");
    cr_assert_str_eq(fmt(UNITS_BYTE_RATE, 5242880), "5MiB/s");
    cr_assert_str_eq(fmt(UNITS_PROBABILITY, 0.05), "0.05");
    cr_assert_str_eq(fmt(UNITS_NUMBER, 1e21), "1e+21");
}

Test(units, human_formats)
{
    char buf[64];
    units_human(UNITS_DURATION, 750, buf, sizeof buf);
    cr_assert_str_eq(buf, "12m 30s");
    units_human(UNITS_DURATION, 5400, buf, sizeof buf);
    cr_assert_str_eq(buf, "1h 30m");
    units_human(UNITS_DURATION, 7200, buf, sizeof buf);
    cr_assert_str_eq(buf, "2h");
    units_human(UNITS_DURATION, 0.25, buf, sizeof buf);
    cr_assert_str_eq(buf, "250ms");
    units_human(UNITS_DURATION, 12.34, buf, sizeof buf);
    cr_assert_str_eq(buf, "12.3s");
    units_human(UNITS_DURATION, 90000, buf, sizeof buf);
    cr_assert_str_eq(buf, "1d 1h");
    units_human(UNITS_SIZE, 1.2 * 1073741824.0, buf, sizeof buf);
    cr_assert_str_eq(buf, "1.2 GiB");
    units_human(UNITS_SIZE, 512, buf, sizeof buf);
    cr_assert_str_eq(buf, "512 B");
    units_human(UNITS_BYTE_RATE, 40e6, buf, sizeof buf);
    cr_assert_str_eq(buf, "40 MB/s");
    units_human(UNITS_RATE, 150, buf, sizeof buf);
    cr_assert_str_eq(buf, "150/s");
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

static void roundtrip_dist(units_kind kind, const char *text, const char *canonical)
{
    arena a;
    arena_init(&a);
    dist d = pd(kind, text, &a);
    char buf[256];
    dtext_format(&d, kind, buf, sizeof buf);
    if (canonical)
        cr_assert_str_eq(buf, canonical);
    dist back = pd(kind, buf, &a);
    cr_assert(back.kind == d.kind && back.a == d.a && back.b == d.b && back.c == d.c &&
                  back.n == d.n,
              "%s -> %s does not read back the same", text, buf);
    for (size_t i = 0; i < d.n; i++)
        cr_assert(back.values[i] == d.values[i]);
    arena_free(&a);
}

Test(units, dist_roundtrip)
{
    roundtrip_dist(UNITS_DURATION, "90m", "1h30m");
    roundtrip_dist(UNITS_DURATION, "uniform(120s, 5m)", "uniform(2m, 5m)");
    roundtrip_dist(UNITS_SIZE, "exponential(mean=16384B)", "exponential(mean=16KiB)");
    roundtrip_dist(UNITS_DURATION, "normal(mean=1h, sd=10m)", "normal(mean=1h, sd=10m)");
    roundtrip_dist(UNITS_DURATION, "lognormal(p50=45s, p99=12m)", "lognormal(p50=45s, p99=12m)");
    roundtrip_dist(UNITS_DURATION, "lognormal(p50=10h, p99=3d)", "lognormal(p50=10h, p99=3d)");
    roundtrip_dist(UNITS_DURATION, "lognormal(p50=40m, p99=2h)", "lognormal(p50=40m, p99=2h)");
    roundtrip_dist(UNITS_DURATION, "lognormal(p50=1m, p99=15m)", "lognormal(p50=1m, p99=15m)");
    roundtrip_dist(UNITS_DURATION, "lognormal(p50=1.234s, p99=1h)", NULL);
    roundtrip_dist(UNITS_DURATION, "lognormal(mu=3.8, sigma=1.2)", "lognormal(mu=3.8, sigma=1.2)");
    roundtrip_dist(UNITS_DURATION, "weibull(shape=1.5, scale=7200s)", "weibull(shape=1.5, scale=2h)");
    roundtrip_dist(UNITS_DURATION, "triangular(1m, 5m, 10m)", "triangular(1m, 5m, 10m)");
    roundtrip_dist(UNITS_DURATION, "empirical([2m, 60s, 0.1s])", "empirical([100ms, 1m, 2m])");
    roundtrip_dist(UNITS_BYTE_RATE, "uniform(10MB/s, 40MB/s)", "uniform(10MB/s, 40MB/s)");
    roundtrip_dist(UNITS_RATE, "exponential(mean=2/min)", "exponential(mean=2/min)");
}
