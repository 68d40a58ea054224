/*
 * units.c — parsing and formatting of quantities.
 *
 * Parsing is a small hand-written scanner over the value's text. Durations
 * made only of whole numbers ("1h30m", "500ms") are summed in integer
 * microseconds and divided once, so they are exact; everything else is one
 * multiplication (and at most one division) of doubles.
 *
 * Formatting searches for the shortest decimal text, in each candidate unit,
 * that the parser maps back to the same double, so print and parse are exact
 * inverses (the scenario round trip of `drsim validate --print` relies on it).
 * Distributions of quantities are parsed and printed by
 * models/scenario/disttext.c, on top of these.
 */
#include "sim/core/units.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/strbuf.h"


/* ---- Messages ------------------------------------------------------------------ */

const char *units_kind_name(units_kind kind)
{
    switch (kind) {
    case UNITS_DURATION:    return "duration";
    case UNITS_SIZE:        return "size";
    case UNITS_RATE:        return "rate";
    case UNITS_BYTE_RATE:   return "byte rate";
    case UNITS_NUMBER:      return "number";
    case UNITS_PROBABILITY: return "probability";
    }
    NEVER(true); /* every kind returns above */
    return "value";
}

const char *units_expected(units_kind kind, bool with_dist)
{
    switch (kind) {
    case UNITS_DURATION:
        return with_dist ? "expected a duration such as 15m, 2h or lognormal(p50=…, p99=…)"
                         : "expected a duration such as 15m or 2h";
    case UNITS_SIZE:
        return with_dist ? "expected a size such as 512GiB, 16KiB or exponential(mean=…)"
                         : "expected a size such as 512GiB or 16KiB";
    case UNITS_RATE:
        return with_dist ? "expected a rate such as 150/s, 2/min or uniform(…, …)"
                         : "expected a rate such as 150/s or 2/min";
    case UNITS_BYTE_RATE:
        return with_dist ? "expected a byte rate such as 40MB/s, 500KB/s or uniform(…, …)"
                         : "expected a byte rate such as 40MB/s or 500KB/s";
    case UNITS_NUMBER:
        return "expected a number such as 1.5";
    case UNITS_PROBABILITY:
        return "expected a probability between 0 and 1 such as 0.05";
    }
    NEVER(true); /* every kind returns above */
    return "expected a value";
}

/* Example values per kind, for distribution messages. */
const char *units_example(units_kind kind, int i)
{
    static const char *const ex[][3] = {
        {"1m", "5m", "10m"},        {"4KiB", "16KiB", "64KiB"}, {"10/s", "50/s", "100/s"},
        {"1MB/s", "5MB/s", "10MB/s"}, {"1", "2", "3"},          {"0.1", "0.2", "0.3"},
    };
    return ex[kind][i];
}

/* Appends " (EXPECTED)" to the message already in e. */
static err_code fail_expected(err_msg *e, units_kind kind, bool with_dist)
{
    if (e != NULL) {
        size_t len = strlen(e->text);
        snprintf(e->text + len, sizeof e->text - len, " (%s)", units_expected(kind, with_dist));
        e->code = ERR_INPUT;
    }
    return ERR_INPUT;
}

const char *units_quote(const char *s, size_t len, int slot)
{
    static _Thread_local char buf[2][80];
    char *b = buf[slot & 1];
    size_t n = len > 60 ? 60 : len;
    snprintf(b, sizeof buf[0], "\"%.*s%s\"", (int)n, s, len > 60 ? "…" : "");
    return b;
}

/* ---- Scanning -------------------------------------------------------------------- */

typedef struct scan {
    const char *p, *end;
} scan;

static void skip_ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
        s->p++;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A decimal number at s->p. On success advances and sets *v, *integer (no
 * fraction or exponent; integer may be NULL) and *neg. Returns false (not
 * advancing) when no number starts here. */
static bool scan_number(scan *s, double *v, bool *integer, bool *neg)
{
    const char *p = s->p, *start = p;
    *neg = false;
    if (p < s->end && (*p == '+' || *p == '-')) {
        *neg = *p == '-';
        p++;
    }
    size_t nd = 0;
    while (p < s->end && is_digit(*p))
        p++, nd++;
    bool frac = false;
    if (p < s->end && *p == '.') {
        p++;
        frac = true;
        while (p < s->end && is_digit(*p))
            p++, nd++;
    }
    if (nd == 0)
        return false;
    bool expo = false;
    if (p < s->end && (*p == 'e' || *p == 'E')) {
        const char *x = p + 1;
        if (x < s->end && (*x == '+' || *x == '-'))
            x++;
        if (x < s->end && is_digit(*x)) {
            while (x < s->end && is_digit(*x))
                x++;
            p = x;
            expo = true;
        }
    }
    char buf[400];
    size_t len = (size_t)(p - start);
    if (len >= sizeof buf)
        return false;
    memcpy(buf, start, len);
    buf[len] = '\0';
    errno = 0;
    *v = strtod(buf, NULL);
    if (integer != NULL)
        *integer = !frac && !expo;
    s->p = p;
    return true;
}

/* A run of letters at s->p (a unit name); returns its length. */
static size_t scan_word(scan *s, const char **word)
{
    *word = s->p;
    while (s->p < s->end && is_alpha(*s->p))
        s->p++;
    return (size_t)(s->p - *word);
}

bool units_word_is(const char *w, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

/* Seconds per duration unit, and microseconds (for exact integer sums). */
static bool duration_unit(const char *w, size_t n, double *secs, int64_t *micros)
{
    static const struct {
        const char *name;
        double secs;
        int64_t us;
    } units[] = {
        {"us", 1e-6, 1}, {"ms", 1e-3, 1000}, {"s", 1, 1000000},
        {"m", 60, 60000000}, {"h", 3600, 3600000000LL}, {"d", 86400, 86400000000LL},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (units_word_is(w, n, units[i].name)) {
            *secs = units[i].secs;
            *micros = units[i].us;
            return true;
        }
    return false;
}

static bool size_unit(const char *w, size_t n, double *bytes)
{
    static const struct {
        const char *name;
        double f;
    } units[] = {
        {"B", 1},       {"KB", 1e3},          {"KiB", 1024.0},
        {"MB", 1e6},    {"MiB", 1048576.0},   {"GB", 1e9},
        {"GiB", 1073741824.0}, {"TB", 1e12},  {"TiB", 1099511627776.0},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (units_word_is(w, n, units[i].name)) {
            *bytes = units[i].f;
            return true;
        }
    return false;
}

static bool time_unit(const char *w, size_t n, double *secs)
{
    if (units_word_is(w, n, "s"))
        *secs = 1;
    else if (units_word_is(w, n, "min"))
        *secs = 60;
    else if (units_word_is(w, n, "h"))
        *secs = 3600;
    else if (units_word_is(w, n, "d"))
        *secs = 86400;
    else
        return false;
    return true;
}

/* Scales v by `mul` then divides by `div`, dividing exactly when mul is a
 * reciprocal (1e-3, 1e-6) so that "500ms" is exactly 0.5. */
static double seconds_of(double v, double secs)
{
    if (secs == 1e-3)
        return v / 1e3;
    if (secs == 1e-6)
        return v / 1e6;
    return v * secs;
}

static err_code parse_duration(const char *text, size_t len, double *out, err_msg *e)
{
    scan s = {text, text + len};
    skip_ws(&s);
    if (s.p == s.end)
        return err_set(e, ERR_INPUT, "nothing given");
    int64_t total_us = 0;
    bool exact = true, any = false, overflow = false;
    double total = 0;
    while (s.p < s.end) {
        double v;
        bool integer, neg;
        if (!scan_number(&s, &v, &integer, &neg))
            return err_set(e, ERR_INPUT, "%s is not a duration", units_quote(text, len, 0));
        if (neg && v != 0)
            return err_set(e, ERR_INPUT, "%s is negative", units_quote(text, len, 0));
        skip_ws(&s);
        const char *w;
        size_t wn = scan_word(&s, &w);
        if (wn == 0) {
            if (!any && s.p == s.end && v == 0) {
                *out = 0;
                return ERR_OK;
            }
            if (s.p == s.end)
                return err_set(e, ERR_INPUT, "%s has no unit; durations take us, ms, s, m, h or d",
                            units_quote(text, len, 0));
            return err_set(e, ERR_INPUT, "%s is not a duration", units_quote(text, len, 0));
        }
        double secs;
        int64_t us;
        if (!duration_unit(w, wn, &secs, &us)) {
            if (units_word_is(w, wn, "min"))
                return err_set(e, ERR_INPUT,
                               "unknown unit \"min\" in %s; write 5m for five minutes",
                               units_quote(text, len, 0));
            return err_set(e, ERR_INPUT,
                           "unknown unit %s in %s; durations take us, ms, s, m, h or d",
                           units_quote(w, wn, 1), units_quote(text, len, 0));
        }
        any = true;
        if (integer && exact && !overflow) {
            if (v > 9.2e18 / (double)us) {
                overflow = true;
            } else {
                int64_t add = (int64_t)v * us;
                if (total_us > INT64_MAX - add)
                    overflow = true;
                else
                    total_us += add;
            }
        } else {
            exact = false;
        }
        total += seconds_of(v, secs);
        skip_ws(&s);
    }
    if (exact && !overflow)
        total = (double)total_us / 1e6;
    if (!isfinite(total))
        return err_set(e, ERR_INPUT, "%s is too large", units_quote(text, len, 0));
    *out = total;
    return ERR_OK;
}

/* NUMBER [SIZEUNIT] ["/" TIMEUNIT] — the shape shared by sizes and rates. */
static err_code parse_quantity(units_kind kind, const char *text, size_t len, double *out,
                               err_msg *e)
{
    scan s = {text, text + len};
    skip_ws(&s);
    if (s.p == s.end)
        return err_set(e, ERR_INPUT, "nothing given");
    double v;
    bool neg;
    if (!scan_number(&s, &v, NULL, &neg))
        return err_set(e, ERR_INPUT, "%s is not a %s", units_quote(text, len, 0),
                       units_kind_name(kind));
    skip_ws(&s);
    if (s.p == s.end && v == 0 && !neg) {
        *out = 0;
        return ERR_OK;
    }
    if (neg && v != 0)
        return err_set(e, ERR_INPUT, "%s is negative", units_quote(text, len, 0));
    double size = 1, per = 0;
    bool has_size = false, has_per = false;
    const char *w;
    size_t wn = scan_word(&s, &w);
    if (wn > 0) {
        if (!size_unit(w, wn, &size))
            return err_set(e, ERR_INPUT,
                           "unknown unit %s in %s; sizes take B, KB, KiB, MB, MiB, GB, GiB, TB "
                           "or TiB",
                           units_quote(w, wn, 1), units_quote(text, len, 0));
        has_size = true;
        skip_ws(&s);
    }
    if (s.p < s.end && *s.p == '/') {
        s.p++;
        skip_ws(&s);
        wn = scan_word(&s, &w);
        if (!time_unit(w, wn, &per))
            return err_set(e, ERR_INPUT, "unknown time unit %s in %s; rates are per s, min, h or d",
                        units_quote(w, wn, 1), units_quote(text, len, 0));
        has_per = true;
        skip_ws(&s);
    }
    if (s.p != s.end)
        return err_set(e, ERR_INPUT, "%s is not a %s", units_quote(text, len, 0),
                       units_kind_name(kind));
    switch (kind) {
    case UNITS_SIZE:
        if (has_per)
            return err_set(e, ERR_INPUT, "%s is a rate, not a size", units_quote(text, len, 0));
        if (!has_size)
            return err_set(e, ERR_INPUT,
                           "%s has no unit; sizes take B, KB, KiB, MB, MiB, GB, GiB, TB or TiB",
                           units_quote(text, len, 0));
        v *= size;
        break;
    case UNITS_RATE:
        if (has_size)
            return err_set(e, ERR_INPUT, "%s is a byte rate, not a rate of events",
                           units_quote(text, len, 0));
        if (!has_per)
            return err_set(e, ERR_INPUT, "%s has no unit of time", units_quote(text, len, 0));
        v /= per;
        break;
    case UNITS_BYTE_RATE:
        if (!has_size && has_per)
            return err_set(e, ERR_INPUT, "%s is a rate of events, not of bytes",
                           units_quote(text, len, 0));
        if (!has_per)
            return err_set(e, ERR_INPUT, "%s has no unit of time", units_quote(text, len, 0));
        v = v * size / per;
        break;
    default:
        NEVER(true); /* parse_quantity is called for the three kinds above */
        return err_set(e, ERR_INTERNAL, "not a quantity kind: %d", (int)kind);
    }
    if (!isfinite(v))
        return err_set(e, ERR_INPUT, "%s is too large", units_quote(text, len, 0));
    *out = v;
    return ERR_OK;
}

static err_code parse_plain(units_kind kind, const char *text, size_t len, double *out,
                            err_msg *e)
{
    scan s = {text, text + len};
    skip_ws(&s);
    if (s.p == s.end)
        return err_set(e, ERR_INPUT, "nothing given");
    double v;
    bool neg;
    if (!scan_number(&s, &v, NULL, &neg))
        return err_set(e, ERR_INPUT, "%s is not a number", units_quote(text, len, 0));
    skip_ws(&s);
    if (s.p != s.end)
        return err_set(e, ERR_INPUT, "%s is not a number", units_quote(text, len, 0));
    if (!isfinite(v))
        return err_set(e, ERR_INPUT, "%s is too large", units_quote(text, len, 0));
    if (kind == UNITS_PROBABILITY && !(v >= 0 && v <= 1))
        return err_set(e, ERR_INPUT, "%s is not between 0 and 1", units_quote(text, len, 0));
    *out = v;
    return ERR_OK;
}

err_code units_parse_n(units_kind kind, const char *text, size_t len, double *out,
                      err_msg *e)
{
    switch (kind) {
    case UNITS_DURATION:
        return parse_duration(text, len, out, e);
    case UNITS_SIZE:
    case UNITS_RATE:
    case UNITS_BYTE_RATE:
        return parse_quantity(kind, text, len, out, e);
    case UNITS_NUMBER:
    case UNITS_PROBABILITY:
        return parse_plain(kind, text, len, out, e);
    }
    NEVER(true); /* every kind returns above */
    return err_set(e, ERR_INTERNAL, "unknown kind of quantity %d", (int)kind);
}

err_code units_parse(units_kind kind, const char *text, double *out, err_msg *e)
{
    size_t len = strlen(text);
    if (memchr(text, '(', len) != NULL)
        return err_set(e, ERR_INPUT, "%s is a distribution; a fixed value is needed here (%s)",
                    units_quote(text, len, 0), units_expected(kind, false));
    double v;
    if (units_parse_n(kind, text, len, &v, e) != ERR_OK)
        return fail_expected(e, kind, false);
    *out = v;
    return ERR_OK;
}

/* ---- Formatting ------------------------------------------------------------------- */

/* x with p significant digits, in fixed notation when that is no longer than
 * about 20 characters. */
void units_digits(double x, int p, char out[64])
{
    snprintf(out, 64, "%.*g", p, x);
    char *ex = strchr(out, 'e');
    if (ex == NULL)
        return;
    int exp10 = atoi(ex + 1);
    if (exp10 >= -6 && exp10 < 18) {
        int decimals = p - 1 - exp10;
        if (decimals < 0)
            decimals = 0;
        char fixed[64];
        snprintf(fixed, sizeof fixed, "%.*f", decimals, x);
        /* Drop trailing zeros of a fraction. */
        if (strchr(fixed, '.') != NULL) {
            size_t l = strlen(fixed);
            while (l > 0 && fixed[l - 1] == '0')
                fixed[--l] = '\0';
            if (l > 0 && fixed[l - 1] == '.')
                fixed[--l] = '\0';
        }
        if (strtod(fixed, NULL) == strtod(out, NULL))
            snprintf(out, 64, "%s", fixed);
    }
}

/* The shortest decimal text that reads back as x. */
void units_shortest(double x, char out[64])
{
    for (int p = 1; p <= 17; p++) {
        units_digits(x, p, out);
        if (strtod(out, NULL) == x)
            return;
    }
    snprintf(out, 64, "%.17g", x);
}

size_t units_format_duration(double v, char *buf, size_t n)
{
    sb_fixed b = sb_fixed_init(buf, n);
    if (v == 0 || !isfinite(v)) {
        if (v == 0)
            sb_fixed_printf(&b, "0s");
        else
            sb_fixed_printf(&b, "%s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
        return sb_fixed_done(&b);
    }
    double a = fabs(v);
    if (v < 0)
        sb_fixed_printf(&b, "-");
    if (a * 1e6 < 9e15) {
        int64_t us = llround(a * 1e6);
        if ((double)us / 1e6 == a) {
            static const struct {
                const char *name;
                int64_t us;
            } units[] = {{"d", 86400000000LL}, {"h", 3600000000LL}, {"m", 60000000},
                         {"s", 1000000},       {"ms", 1000},        {"us", 1}};
            for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
                int64_t k = us / units[i].us;
                if (k > 0)
                    sb_fixed_printf(&b, "%lld%s", (long long)k, units[i].name);
                us -= k * units[i].us;
            }
            return sb_fixed_done(&b);
        }
    }
    char num[64];
    units_shortest(a, num);
    sb_fixed_printf(&b, "%ss", num);
    return sb_fixed_done(&b);
}

/* Candidate units for sizes and rates. */
static const struct {
    const char *name;
    double f;
} size_units[] = {
    {"TiB", 1099511627776.0}, {"GiB", 1073741824.0}, {"MiB", 1048576.0}, {"KiB", 1024.0},
    {"TB", 1e12},             {"GB", 1e9},           {"MB", 1e6},        {"KB", 1e3},
    {"B", 1},
};
static const struct {
    const char *name;
    double f;
} time_units[] = {{"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}};

/* The best text among candidates number+suffix for which the parser gives
 * back exactly v: fewest characters in the number, numbers >= 1 preferred,
 * then the candidates' order. */
typedef struct best {
    char text[96];
    int score;
} best;

static void consider(best *bt, units_kind kind, double v, double scaled, const char *suffix,
                     int penalty)
{
    if (!isfinite(scaled))
        return;
    char num[64];
    for (int p = 1; p <= 17; p++) {
        units_digits(scaled, p, num);
        char cand[96];
        snprintf(cand, sizeof cand, "%s%s", num, suffix);
        double back;
        if (units_parse_n(kind, cand, strlen(cand), &back, NULL) == ERR_OK && back == v) {
            int score = 10 * (int)strlen(num) + (fabs(scaled) < 1 ? 20 : 0) + penalty;
            if (bt->score < 0 || score < bt->score) {
                bt->score = score;
                snprintf(bt->text, sizeof bt->text, "%s", cand);
            }
            return;
        }
    }
}

static size_t format_quantity(units_kind kind, double v, char *buf, size_t n)
{
    sb_fixed b = sb_fixed_init(buf, n);
    if (!isfinite(v)) {
        sb_fixed_printf(&b, "%s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
        return sb_fixed_done(&b);
    }
    best bt = {"", -1};
    if (v == 0) {
        sb_fixed_printf(&b, kind == UNITS_SIZE ? "0B" : kind == UNITS_RATE ? "0/s" : "0B/s");
        return sb_fixed_done(&b);
    }
    if (v > 0) {
        for (size_t i = 0; i < sizeof size_units / sizeof size_units[0]; i++) {
            if (kind == UNITS_SIZE) {
                consider(&bt, kind, v, v / size_units[i].f, size_units[i].name, 0);
            } else if (kind == UNITS_BYTE_RATE) {
                for (size_t t = 0; t < sizeof time_units / sizeof time_units[0]; t++) {
                    char suffix[16];
                    snprintf(suffix, sizeof suffix, "%s/%s", size_units[i].name,
                             time_units[t].name);
                    consider(&bt, kind, v, v * time_units[t].f / size_units[i].f, suffix,
                             t ? 25 + (int)t : 0);
                }
            }
        }
        if (kind == UNITS_RATE)
            for (size_t t = 0; t < sizeof time_units / sizeof time_units[0]; t++) {
                char suffix[16];
                snprintf(suffix, sizeof suffix, "/%s", time_units[t].name);
                consider(&bt, kind, v, v * time_units[t].f, suffix, t ? 25 + (int)t : 0);
            }
    }
    if (bt.score >= 0) {
        sb_fixed_printf(&b, "%s", bt.text);
    } else {
        /* Not loadable (negative) or no exact form: the base unit, exactly. */
        char num[64];
        units_shortest(v, num);
        sb_fixed_printf(&b, "%s%s", num,
                  kind == UNITS_SIZE ? "B" : kind == UNITS_RATE ? "/s" : "B/s");
    }
    return sb_fixed_done(&b);
}

size_t units_format_size(double bytes, char *buf, size_t n)
{
    return format_quantity(UNITS_SIZE, bytes, buf, n);
}

size_t units_format_rate(double per_second, char *buf, size_t n)
{
    return format_quantity(UNITS_RATE, per_second, buf, n);
}

size_t units_format_byte_rate(double bytes_per_second, char *buf, size_t n)
{
    return format_quantity(UNITS_BYTE_RATE, bytes_per_second, buf, n);
}

size_t units_format(units_kind kind, double v, char *buf, size_t n)
{
    switch (kind) {
    case UNITS_DURATION:
        return units_format_duration(v, buf, n);
    case UNITS_SIZE:
    case UNITS_RATE:
    case UNITS_BYTE_RATE:
        return format_quantity(kind, v, buf, n);
    case UNITS_NUMBER:
    case UNITS_PROBABILITY:
        break;
    }
    char num[64];
    units_shortest(v, num);
    return (size_t)snprintf(buf, n, "%s", num);
}

/* ---- Human formatting ---------------------------------------------------------------- */

/* "1.2" or "12" or "120": three significant digits at most, no trailing ".0". */
static void human_num(double x, char out[32])
{
    if (fabs(x) >= 100 || x == floor(x))
        snprintf(out, 32, "%.0f", x);
    else if (fabs(x) >= 10)
        snprintf(out, 32, "%.1f", x);
    else
        snprintf(out, 32, "%.2f", x);
    if (strchr(out, '.') != NULL) {
        size_t l = strlen(out);
        while (out[l - 1] == '0')
            out[--l] = '\0';
        if (out[l - 1] == '.')
            out[--l] = '\0';
    }
}

static size_t human_duration(double v, char *buf, size_t n)
{
    sb_fixed b = sb_fixed_init(buf, n);
    if (!isfinite(v)) {
        sb_fixed_printf(&b, "%s", isnan(v) ? "-" : "∞");
        return sb_fixed_done(&b);
    }
    char num[32];
    double a = fabs(v);
    const char *sign = v < 0 ? "-" : "";
    if (a < 1) {
        human_num(a * 1000, num);
        sb_fixed_printf(&b, "%s%sms", sign, num);
    } else if (a < 60) {
        human_num(a, num);
        sb_fixed_printf(&b, "%s%ss", sign, num);
    } else {
        static const struct {
            const char *big, *small;
            double fbig, fsmall;
        } steps[] = {{"d", "h", 86400, 3600}, {"h", "m", 3600, 60}, {"m", "s", 60, 1}};
        size_t i = a >= 86400 ? 0 : a >= 3600 ? 1 : 2;
        double total_small = floor(a / steps[i].fsmall + 0.5);
        double per = steps[i].fbig / steps[i].fsmall;
        double big = floor(total_small / per), small = total_small - big * per;
        if (small == 0)
            sb_fixed_printf(&b, "%s%.0f%s", sign, big, steps[i].big);
        else
            sb_fixed_printf(&b, "%s%.0f%s %.0f%s", sign, big, steps[i].big, small, steps[i].small);
    }
    return sb_fixed_done(&b);
}

size_t units_human(units_kind kind, double v, char *buf, size_t n)
{
    char num[32];
    switch (kind) {
    case UNITS_DURATION:
        return human_duration(v, buf, n);
    case UNITS_SIZE: {
        static const char *const names[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        size_t i = 0;
        double x = v;
        while (fabs(x) >= 1024 && i + 1 < sizeof names / sizeof names[0])
            x /= 1024, i++;
        human_num(x, num);
        return (size_t)snprintf(buf, n, "%s %s", num, names[i]);
    }
    case UNITS_BYTE_RATE: {
        static const char *const names[] = {"B/s", "KB/s", "MB/s", "GB/s", "TB/s"};
        size_t i = 0;
        double x = v;
        while (fabs(x) >= 1000 && i + 1 < sizeof names / sizeof names[0])
            x /= 1000, i++;
        human_num(x, num);
        return (size_t)snprintf(buf, n, "%s %s", num, names[i]);
    }
    case UNITS_RATE:
        if (v != 0 && fabs(v) < 1) {
            human_num(v * 60, num);
            return (size_t)snprintf(buf, n, "%s/min", num);
        }
        human_num(v, num);
        return (size_t)snprintf(buf, n, "%s/s", num);
    case UNITS_NUMBER:
    case UNITS_PROBABILITY:
        break;
    }
    human_num(v, num);
    return (size_t)snprintf(buf, n, "%s", num);
}

size_t units_format_day_clock(long long t_us, char *buf, size_t n)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    long long minutes = t_us / 60000000LL;
    if (minutes < 0)
        minutes = 0;
    int k = snprintf(buf, n, "%s %02d:%02d", days[(minutes / (24 * 60)) % 7],
                     (int)(minutes / 60 % 24), (int)(minutes % 60));
    return k < 0 ? 0 : (size_t)k;
}
