/*
 * rng.c — PCG32 against the reference vectors, and stream derivation.
 *
 * The vectors are the reference implementation's published outputs, kept in
 * tests/golden/pcg32/ (its README says what each holds): the first 32
 * outputs, 16 bounded draws, and the reference demo's whole output, which
 * this file regenerates byte for byte.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/kernel/rng.h"
#include "tests/support/helpers.h"

static char *read_reference(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/golden/pcg32/%s", name);
    char *text = th_read_file(path, NULL);
    cr_assert_not_null(text, "cannot read reference file %s", path);
    return text;
}

Test(rng, reference_first32)
{
    char *text = read_reference("pcg32_42_54_first32.txt");
    rng r;
    rng_seed(&r, 42, 54);
    cr_assert_eq(r.inc, 0x6dULL);
    cr_assert_eq(r.state, 0x185706b82c2e03f8ULL);
    char *save = NULL;
    int count = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        unsigned long expected = strtoul(line, NULL, 10);
        uint32_t got = rng_u32(&r);
        cr_assert_eq(got, expected, "output %d: got %u, reference %lu", count, got, expected);
        count++;
    }
    cr_assert_eq(count, 32);
    free(text);
}

Test(rng, reference_bounded6)
{
    char *text = read_reference("pcg32_42_54_bounded6.txt");
    rng r;
    rng_seed(&r, 42, 54);
    char *save = NULL;
    int count = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        unsigned long expected = strtoul(line, NULL, 10);
        uint32_t got = rng_bounded(&r, 6);
        cr_assert_eq(got, expected, "draw %d: got %u, reference %lu", count, got, expected);
        count++;
    }
    cr_assert_eq(count, 16);
    free(text);
}

/* Appends to a growing buffer, as the reference demo's printf calls would. */
typedef struct { char *buf; size_t len, cap; } sbuf;

static void put(sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf *s, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(s->buf + s->len, s->cap - s->len, fmt, ap);
        va_end(ap);
        if ((size_t)n < s->cap - s->len) {
            s->len += (size_t)n;
            return;
        }
        s->cap = s->cap * 2 + (size_t)n;
        s->buf = realloc(s->buf, s->cap);
    }
}

Test(rng, reference_demo_output)
{
    char *expected = read_reference("pcg32-demo-output.txt");
    sbuf s = {malloc(256), 0, 256};
    s.buf[0] = '\0';
    put(&s, "pcg32_random_r:\n"
            "      -  result:      32-bit unsigned int (uint32_t)\n"
            "      -  period:      2^64   (* 2^63 streams)\n"
            "      -  state type:  pcg32_random_t (%zu bytes)\n"
            "      -  output func: XSH-RR\n"
            "\n",
        sizeof(rng));
    rng r;
    rng_seed(&r, 42, 54);
    for (int round = 1; round <= 5; round++) {
        put(&s, "Round %d:\n", round);
        put(&s, "  32bit:");
        for (int i = 0; i < 6; i++)
            put(&s, " 0x%08x", rng_u32(&r));
        put(&s, "\n  Coins: ");
        for (int i = 0; i < 65; i++)
            put(&s, "%c", rng_bounded(&r, 2) ? 'H' : 'T');
        put(&s, "\n  Rolls:");
        for (int i = 0; i < 33; i++)
            put(&s, " %u", rng_bounded(&r, 6) + 1);
        put(&s, "\n");
        int cards[52];
        for (int i = 0; i < 52; i++)
            cards[i] = i;
        for (uint32_t i = 52; i > 1; i--) {
            uint32_t j = rng_bounded(&r, i);
            int card = cards[j];
            cards[j] = cards[i - 1];
            cards[i - 1] = card;
        }
        put(&s, "  Cards:");
        for (int i = 0; i < 52; i++) {
            put(&s, " %c%c", "A23456789TJQK"[cards[i] / 4], "hcds"[cards[i] % 4]);
            if ((i + 1) % 22 == 0)
                put(&s, "\n\t");
        }
        put(&s, "\n\n");
    }
    cr_assert_str_eq(s.buf, expected, "demo output differs from the reference");
    free(s.buf);
    free(expected);
}

Test(rng, units_stay_in_their_intervals)
{
    /* A generator cannot be steered to its extreme words, so check many
     * draws, then the arithmetic at the extremes of k. */
    rng r = rng_stream(1, 2, 3);
    double lo = 1, hi = 0;
    for (int i = 0; i < 1000000; i++) {
        double u = rng_unit(&r);
        double v = rng_unit_open(&r);
        cr_assert(u >= 0 && u < 1);
        cr_assert(v > 0 && v < 1);
        lo = fmin(lo, u);
        hi = fmax(hi, u);
    }
    cr_assert_lt(lo, 1e-5);
    cr_assert_gt(hi, 1 - 1e-5);
    /* The extreme values k / 2^53 of both are exact doubles inside the range. */
    cr_assert_lt((double)((1ULL << 53) - 1) * 0x1.0p-53, 1.0);
    cr_assert_gt(1.0 * 0x1.0p-53, 0.0);
}

Test(rng, bounded_is_unbiased)
{
    /* A bound just above 2^31 makes the naive modulo badly biased (values
     * below 2^32 - bound would be twice as likely); the rejection removes it.
     * Count how often the draw lands in the lower half: about 1/2. */
    rng r = rng_stream(7, 0, 0);
    const uint32_t bound = 0x80000001u + 0x40000000u; /* 3 * 2^30 + 1 */
    const int n = 400000;
    int low = 0;
    for (int i = 0; i < n; i++)
        if (rng_bounded(&r, bound) < bound / 2)
            low++;
    double p = (double)low / n;
    double se = sqrt(0.25 / n);
    cr_assert(fabs(p - 0.5) < 4 * se, "share in lower half %f, expected 0.5 +- %f", p, 4 * se);
}

#define TRIALS 64
#define DRAWS 16

static void draws_of(uint64_t seed, uint64_t trial, uint32_t out[DRAWS])
{
    rng outage = rng_stream(seed, trial, rng_name_id("outage:westeurope"));
    rng writes = rng_stream(seed, trial, rng_name_id("writes:vhds"));
    for (int i = 0; i < DRAWS; i++)
        out[i] = (i % 2) ? rng_u32(&outage) : rng_u32(&writes);
}

Test(rng, trial_draws_do_not_depend_on_order)
{
    static uint32_t forward[TRIALS][DRAWS], backward[TRIALS][DRAWS], mixed[TRIALS][DRAWS];
    for (uint64_t t = 0; t < TRIALS; t++)
        draws_of(99, t, forward[t]);
    for (uint64_t t = TRIALS; t-- > 0;)
        draws_of(99, t, backward[t]);
    /* Interleaved: two trials' streams advanced alternately. */
    for (uint64_t t = 0; t < TRIALS; t += 2) {
        rng a1 = rng_stream(99, t, rng_name_id("outage:westeurope"));
        rng a0 = rng_stream(99, t, rng_name_id("writes:vhds"));
        rng b1 = rng_stream(99, t + 1, rng_name_id("outage:westeurope"));
        rng b0 = rng_stream(99, t + 1, rng_name_id("writes:vhds"));
        for (int i = 0; i < DRAWS; i++) {
            mixed[t + 1][i] = (i % 2) ? rng_u32(&b1) : rng_u32(&b0);
            mixed[t][i] = (i % 2) ? rng_u32(&a1) : rng_u32(&a0);
        }
    }
    cr_assert(memcmp(forward, backward, sizeof forward) == 0);
    cr_assert(memcmp(forward, mixed, sizeof forward) == 0);
}

Test(rng, streams_differ_by_seed_trial_and_entity)
{
    rng base = rng_stream(1, 1, 1);
    rng other_seed = rng_stream(2, 1, 1);
    rng other_trial = rng_stream(1, 2, 1);
    rng other_entity = rng_stream(1, 1, 2);
    uint32_t a = rng_u32(&base);
    cr_assert_neq(a, rng_u32(&other_seed));
    cr_assert_neq(a, rng_u32(&other_trial));
    cr_assert_neq(a, rng_u32(&other_entity));
    cr_assert_neq(rng_name_id("a"), rng_name_id("b"));
    /* FNV-1a 64 of "a" (the published test vector). */
    cr_assert_eq(rng_name_id("a"), 0xaf63dc4c8601ec8cULL);
    cr_assert_eq(rng_name_id(""), 0xcbf29ce484222325ULL);
}

Test(rng, neighbouring_streams_are_uncorrelated)
{
    /* Adjacent trials must not give correlated sequences: the correlation of
     * unit draws of trial t and t+1 over many pairs is near 0 (|r| < 4/sqrt(n)). */
    const int n = 200000;
    double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (int t = 0; t < n; t++) {
        rng a = rng_stream(5, (uint64_t)t, 0);
        rng b = rng_stream(5, (uint64_t)t + 1, 0);
        double x = rng_unit(&a), y = rng_unit(&b);
        sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
    }
    double cov = sxy / n - (sx / n) * (sy / n);
    double r = cov / sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
    cr_assert(fabs(r) < 4 / sqrt((double)n), "correlation %f", r);
}

/* Each salt keeps one pair of draws apart: no two are the same, and none is
 * 0 (what the failover's own plan mixes in). */
Test(rng, salts_are_distinct)
{
    const uint64_t salts[] = {RNG_SALT_DRILL, RNG_SALT_FAILBACK, RNG_SALT_REVERSE_WRITES,
                              RNG_SALT_REVERSE_LAG};
    const size_t n = sizeof salts / sizeof salts[0];
    for (size_t i = 0; i < n; i++) {
        cr_assert_neq(salts[i], 0);
        for (size_t j = 0; j < i; j++)
            cr_assert_neq(salts[i], salts[j], "salts %zu and %zu", i, j);
    }
}
