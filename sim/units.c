/*
 * units.c — parsing and formatting of quantities and distributions.
 *
 * Parsing is a small hand-written scanner over the value's text. Durations
 * made only of whole numbers ("1h30m", "500ms") are summed in integer
 * microseconds and divided once, so they are exact; everything else is one
 * multiplication (and at most one division) of doubles.
 *
 * Formatting searches for the shortest decimal text, in each candidate unit,
 * that the parser maps back to the same double, so print and parse are exact
 * inverses (the scenario round trip of `drsim validate --print` relies on it).
 */
#include "units.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

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
    return "expected a value";
}

/* Example values per kind, for distribution messages. */
static const char *example(units_kind kind, int i)
{
    static const char *const ex[][3] = {
        {"1m", "5m", "10m"},        {"4KiB", "16KiB", "64KiB"}, {"10/s", "50/s", "100/s"},
        {"1MB/s", "5MB/s", "10MB/s"}, {"1", "2", "3"},          {"0.1", "0.2", "0.3"},
    };
    return ex[kind][i];
}

static err_code fail(err_msg *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static err_code fail(err_msg *e, const char *fmt, ...)
{
    if (e != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->text, sizeof e->text, fmt, ap);
        va_end(ap);
        e->code = ERR_INPUT;
    }
    return ERR_INPUT;
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

/* Quotes at most 60 bytes of text for a message (static buffer per slot). */
static const char *q(const char *s, size_t len, int slot)
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
 * fraction or exponent) and *neg. Returns false (not advancing) when no number
 * starts here. */
static bool scan_number(scan *s, double *v, bool *integer, bool *neg)
{
    const char *p = s->p, *start = p;
    *neg = false;
    if (p < s->end && (*p == '+' || *p == '-')) {
        *neg = *p == '-';
        p++;
    }
    const char *digits = p;
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
    (void)digits;
    char buf[400];
    size_t len = (size_t)(p - start);
    if (len >= sizeof buf)
        return false;
    memcpy(buf, start, len);
    buf[len] = '\0';
    errno = 0;
    *v = strtod(buf, NULL);
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

static bool word_is(const char *w, size_t n, const char *lit)
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
        if (word_is(w, n, units[i].name)) {
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
        if (word_is(w, n, units[i].name)) {
            *bytes = units[i].f;
            return true;
        }
    return false;
}

static bool time_unit(const char *w, size_t n, double *secs)
{
    if (word_is(w, n, "s"))
        *secs = 1;
    else if (word_is(w, n, "min"))
        *secs = 60;
    else if (word_is(w, n, "h"))
        *secs = 3600;
    else if (word_is(w, n, "d"))
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
        return fail(e, "nothing given");
    int64_t total_us = 0;
    bool exact = true, any = false, overflow = false;
    double total = 0;
    while (s.p < s.end) {
        double v;
        bool integer, neg;
        const char *start = s.p;
        if (!scan_number(&s, &v, &integer, &neg))
            return fail(e, "%s is not a duration", q(text, len, 0));
        if (neg && v != 0)
            return fail(e, "%s is negative", q(text, len, 0));
        skip_ws(&s);
        const char *w;
        size_t wn = scan_word(&s, &w);
        if (wn == 0) {
            if (!any && s.p == s.end && v == 0) {
                *out = 0;
                return ERR_OK;
            }
            if (s.p == s.end)
                return fail(e, "%s has no unit; durations take us, ms, s, m, h or d",
                            q(text, len, 0));
            return fail(e, "%s is not a duration", q(text, len, 0));
        }
        double secs;
        int64_t us;
        if (!duration_unit(w, wn, &secs, &us)) {
            if (word_is(w, wn, "min"))
                return fail(e, "unknown unit \"min\" in %s; write 5m for five minutes",
                            q(text, len, 0));
            return fail(e, "unknown unit %s in %s; durations take us, ms, s, m, h or d",
                        q(w, wn, 1), q(text, len, 0));
        }
        (void)start;
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
        return fail(e, "%s is too large", q(text, len, 0));
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
        return fail(e, "nothing given");
    double v;
    bool integer, neg;
    if (!scan_number(&s, &v, &integer, &neg))
        return fail(e, "%s is not a %s", q(text, len, 0), units_kind_name(kind));
    skip_ws(&s);
    if (s.p == s.end && v == 0 && !neg) {
        *out = 0;
        return ERR_OK;
    }
    if (neg && v != 0)
        return fail(e, "%s is negative", q(text, len, 0));
    double size = 1, per = 0;
    bool has_size = false, has_per = false;
    const char *w;
    size_t wn = scan_word(&s, &w);
    if (wn > 0) {
        if (!size_unit(w, wn, &size))
            return fail(e, "unknown unit %s in %s; sizes take B, KB, KiB, MB, MiB, GB, GiB, TB "
                           "or TiB", q(w, wn, 1), q(text, len, 0));
        has_size = true;
        skip_ws(&s);
    }
    if (s.p < s.end && *s.p == '/') {
        s.p++;
        skip_ws(&s);
        wn = scan_word(&s, &w);
        if (!time_unit(w, wn, &per))
            return fail(e, "unknown time unit %s in %s; rates are per s, min, h or d",
                        q(w, wn, 1), q(text, len, 0));
        has_per = true;
        skip_ws(&s);
    }
    if (s.p != s.end)
        return fail(e, "%s is not a %s", q(text, len, 0), units_kind_name(kind));
    switch (kind) {
    case UNITS_SIZE:
        if (has_per)
            return fail(e, "%s is a rate, not a size", q(text, len, 0));
        if (!has_size)
            return fail(e, "%s has no unit; sizes take B, KB, KiB, MB, MiB, GB, GiB, TB or TiB",
                        q(text, len, 0));
        v *= size;
        break;
    case UNITS_RATE:
        if (has_size)
            return fail(e, "%s is a byte rate, not a rate of events", q(text, len, 0));
        if (!has_per)
            return fail(e, "%s has no unit of time", q(text, len, 0));
        v /= per;
        break;
    case UNITS_BYTE_RATE:
        if (!has_size && has_per)
            return fail(e, "%s is a rate of events, not of bytes", q(text, len, 0));
        if (!has_per)
            return fail(e, "%s has no unit of time", q(text, len, 0));
        v = v * size / per;
        break;
    default:
        return fail(e, "internal: not a quantity kind");
    }
    (void)integer;
    if (!isfinite(v))
        return fail(e, "%s is too large", q(text, len, 0));
    *out = v;
    return ERR_OK;
}

static err_code parse_plain(units_kind kind, const char *text, size_t len, double *out,
                            err_msg *e)
{
    scan s = {text, text + len};
    skip_ws(&s);
    if (s.p == s.end)
        return fail(e, "nothing given");
    double v;
    bool integer, neg;
    if (!scan_number(&s, &v, &integer, &neg))
        return fail(e, "%s is not a number", q(text, len, 0));
    skip_ws(&s);
    if (s.p != s.end)
        return fail(e, "%s is not a number", q(text, len, 0));
    if (!isfinite(v))
        return fail(e, "%s is too large", q(text, len, 0));
    if (kind == UNITS_PROBABILITY && !(v >= 0 && v <= 1))
        return fail(e, "%s is not between 0 and 1", q(text, len, 0));
    *out = v;
    return ERR_OK;
}

static err_code parse_value(units_kind kind, const char *text, size_t len, double *out,
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
    return fail(e, "internal: unknown kind");
}

err_code units_parse(units_kind kind, const char *text, double *out, err_msg *e)
{
    size_t len = strlen(text);
    if (memchr(text, '(', len) != NULL)
        return fail(e, "%s is a distribution; a fixed value is needed here (%s)",
                    q(text, len, 0), units_expected(kind, false));
    double v;
    if (parse_value(kind, text, len, &v, e) != ERR_OK)
        return fail_expected(e, kind, false);
    *out = v;
    return ERR_OK;
}

/* ---- Distributions -------------------------------------------------------------- */

#define MAX_ARGS 4

typedef struct arg {
    const char *name; /* NULL for a positional argument */
    size_t name_len;
    const char *text; /* trimmed */
    size_t len;
} arg;

static void trim(const char **p, size_t *n)
{
    while (*n > 0 && ((*p)[0] == ' ' || (*p)[0] == '\t'))
        (*p)++, (*n)--;
    while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
        (*n)--;
}

/* Splits "a, b=c, [x, y]" at top-level commas. Returns the count, or -1 when
 * there are more than MAX_ARGS or brackets do not balance. */
static int split_args(const char *p, size_t n, arg args[MAX_ARGS])
{
    int count = 0, depth = 0;
    size_t start = 0;
    trim(&p, &n);
    if (n == 0)
        return 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? p[i] : ',';
        if (c == '[' || c == '(')
            depth++;
        else if (c == ']' || c == ')')
            depth--;
        if (depth < 0)
            return -1;
        if (c == ',' && depth == 0) {
            if (count == MAX_ARGS)
                return -1;
            arg *a = &args[count++];
            const char *t = p + start;
            size_t tn = i - start;
            trim(&t, &tn);
            a->name = NULL;
            a->name_len = 0;
            size_t k = 0;
            while (k < tn && (is_alpha(t[k]) || is_digit(t[k]) || t[k] == '_'))
                k++;
            if (k > 0 && k < tn && t[k] == '=') {
                a->name = t;
                a->name_len = k;
                t += k + 1;
                tn -= k + 1;
                trim(&t, &tn);
            }
            a->text = t;
            a->len = tn;
            start = i + 1;
        }
    }
    return depth == 0 ? count : -1;
}

/* Finds named argument `name`; NULL when absent. */
static const arg *named(const arg *args, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (args[i].name && word_is(args[i].name, args[i].name_len, name))
            return &args[i];
    return NULL;
}

/* True when every argument is named and among `names` (NULL-terminated), each
 * at most once, and the count matches. */
static bool names_are(const arg *args, int n, const char *const names[])
{
    int want = 0;
    while (names[want])
        want++;
    if (n != want)
        return false;
    for (int i = 0; i < n; i++) {
        if (args[i].name == NULL)
            return false;
        bool ok = false;
        for (int j = 0; j < want; j++)
            if (word_is(args[i].name, args[i].name_len, names[j]))
                ok = true;
        if (!ok)
            return false;
        for (int j = 0; j < i; j++)
            if (args[j].name_len == args[i].name_len &&
                memcmp(args[j].name, args[i].name, args[i].name_len) == 0)
                return false;
    }
    return true;
}

static bool all_positional(const arg *args, int n)
{
    for (int i = 0; i < n; i++)
        if (args[i].name != NULL)
            return false;
    return true;
}

/* Parses an argument's value; on error prefixes the message with the
 * distribution's text. */
static err_code arg_value(units_kind kind, const arg *a, const char *dtext, size_t dlen,
                          double *out, err_msg *e)
{
    if (parse_value(kind, a->text, a->len, out, e) == ERR_OK)
        return ERR_OK;
    if (e != NULL) {
        char inner[ERR_MSG_MAX];
        snprintf(inner, sizeof inner, "%s", e->text);
        fail(e, "in %s: %s", q(dtext, dlen, 0), inner);
    }
    return ERR_INPUT;
}

static err_code dist_error(const char *dtext, size_t dlen, err_msg *e)
{
    if (e != NULL) {
        char inner[ERR_MSG_MAX];
        snprintf(inner, sizeof inner, "%s", e->text);
        fail(e, "in %s: %s", q(dtext, dlen, 0), inner);
    }
    return ERR_INPUT;
}

/* Reads a whole regular file of at most UNITS_EMPIRICAL_FILE_MAX bytes into a
 * mem_malloc'd NUL-terminated buffer. */
static err_code read_small_file(const char *path, char **out, size_t *len, err_msg *e,
                                const char *shown)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fail(e, "cannot open empirical file \"%s\": %s", shown, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(e, "empirical file \"%s\" is not a regular file", shown);
    }
    size_t cap = UNITS_EMPIRICAL_FILE_MAX + 1;
    char *buf = mem_malloc(cap + 1);
    if (buf == NULL) {
        close(fd);
        return ERR_NOMEM;
    }
    size_t n = 0;
    for (;;) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            int err = errno;
            close(fd);
            mem_free(buf);
            return fail(e, "cannot read empirical file \"%s\": %s", shown, strerror(err));
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n >= cap)
            break;
    }
    close(fd);
    if (n > UNITS_EMPIRICAL_FILE_MAX) {
        mem_free(buf);
        return fail(e, "empirical file \"%s\" is larger than 1 MiB", shown);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return ERR_OK;
}

/* Empirical values from a [list] text or a file's lines into an arena array. */
static err_code empirical_list(units_kind kind, const char *p, size_t n, arena *a,
                               double **values, size_t *count, err_msg *e)
{
    /* p..n is the inside of the brackets. */
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += p[i] == ',';
    double *v = arena_array(a, cap, sizeof *v);
    if (v == NULL)
        return ERR_NOMEM;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != ',')
            continue;
        const char *t = p + start;
        size_t tn = i - start;
        trim(&t, &tn);
        start = i + 1;
        if (tn == 0) {
            if (i == n && k > 0 && cap > 1)
                break; /* a trailing comma */
            return fail(e, "empirical([...]) has an empty value");
        }
        if (parse_value(kind, t, tn, &v[k], e) != ERR_OK)
            return ERR_INPUT;
        k++;
    }
    *values = v;
    *count = k;
    return ERR_OK;
}

static err_code empirical_file(units_kind kind, const arg *fa, const char *base_dir, arena *a,
                               double **values, size_t *count, err_msg *e)
{
    const char *t = fa->text;
    size_t tn = fa->len;
    if (tn >= 2 && (t[0] == '"' || t[0] == '\'') && t[tn - 1] == t[0])
        t++, tn -= 2;
    if (tn == 0)
        return fail(e, "empirical(file=...) needs a file name");
    if (memchr(t, '\0', tn) != NULL)
        return fail(e, "empirical file name contains a NUL byte");
    char *shown = arena_strndup(a, t, tn);
    if (shown == NULL)
        return ERR_NOMEM;
    char *path;
    if (shown[0] == '/' || base_dir == NULL || base_dir[0] == '\0')
        path = shown;
    else
        path = arena_printf(a, "%s/%s", base_dir, shown);
    if (path == NULL)
        return ERR_NOMEM;
    char *buf = NULL;
    size_t len = 0;
    err_code rc = read_small_file(path, &buf, &len, e, shown);
    if (rc != ERR_OK)
        return rc;
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += buf[i] == '\n';
    double *v = arena_array(a, cap, sizeof *v);
    if (v == NULL) {
        mem_free(buf);
        return ERR_NOMEM;
    }
    size_t k = 0, line = 0;
    char *p = buf, *end = buf + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        line++;
        const char *lt = p;
        size_t ln = (size_t)(le - p);
        if (ln > 0 && lt[ln - 1] == '\r')
            ln--;
        trim(&lt, &ln);
        if (ln > 0 && lt[0] != '#') {
            if (memchr(lt, '\0', ln) != NULL || parse_value(kind, lt, ln, &v[k], e) != ERR_OK) {
                char inner[ERR_MSG_MAX];
                snprintf(inner, sizeof inner, "%s", e ? e->text : "");
                if (memchr(lt, '\0', ln) != NULL)
                    snprintf(inner, sizeof inner, "a NUL byte");
                mem_free(buf);
                return fail(e, "empirical file \"%s\", line %zu: %s", shown, line, inner);
            }
            k++;
        }
        p = le + 1;
    }
    mem_free(buf);
    if (k == 0)
        return fail(e, "empirical file \"%s\" has no values", shown);
    *values = v;
    *count = k;
    return ERR_OK;
}

static const char *const dist_names[] = {"uniform",    "exponential", "normal",    "lognormal",
                                         "weibull",    "triangular",  "empirical", NULL};

err_code units_parse_dist(units_kind kind, const char *text, const char *base_dir, arena *a,
                          dist *out, err_msg *e)
{
    size_t len = strlen(text);
    const char *open = memchr(text, '(', len);
    if (open == NULL) {
        double v;
        if (parse_value(kind, text, len, &v, e) != ERR_OK)
            return fail_expected(e, kind, true);
        if (dist_const(out, v, true, e) != ERR_OK)
            return fail_expected(e, kind, true);
        return ERR_OK;
    }
    const char *name = text;
    size_t name_len = (size_t)(open - text);
    trim(&name, &name_len);
    size_t end = len;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        end--;
    if (end == 0 || text[end - 1] != ')')
        return fail(e, "%s does not end with ')' (%s)", q(text, len, 0),
                    units_expected(kind, true));
    int which = -1;
    for (int i = 0; dist_names[i]; i++)
        if (word_is(name, name_len, dist_names[i]))
            which = i;
    if (which < 0)
        return fail(e, "unknown distribution %s (expected uniform, exponential, normal, "
                       "lognormal, weibull, triangular or empirical)", q(name, name_len, 1));
    const char *inside = open + 1;
    size_t inside_len = (size_t)(text + end - 1 - inside);
    arg args[MAX_ARGS];
    int n = split_args(inside, inside_len, args);
    const char *e0 = example(kind, 0), *e1 = example(kind, 1), *e2 = example(kind, 2);
    dist d;
    double x, y, z;
    err_code rc;
    switch (which) {
    case 0: /* uniform */
        if (n != 2 || !all_positional(args, n))
            return fail(e, "uniform takes two values, as in uniform(%s, %s)", e0, e2);
        if ((rc = arg_value(kind, &args[0], text, len, &x, e)) != ERR_OK ||
            (rc = arg_value(kind, &args[1], text, len, &y, e)) != ERR_OK)
            return rc;
        rc = dist_uniform(&d, x, y, true, e);
        break;
    case 1: /* exponential */
        if (n < 0 || !names_are(args, n, (const char *const[]){"mean", NULL}))
            return fail(e, "exponential takes mean=, as in exponential(mean=%s)", e1);
        if ((rc = arg_value(kind, &args[0], text, len, &x, e)) != ERR_OK)
            return rc;
        rc = dist_exponential(&d, x, e);
        break;
    case 2: /* normal */
        if (n < 0 || !names_are(args, n, (const char *const[]){"mean", "sd", NULL}))
            return fail(e, "normal takes mean= and sd=, as in normal(mean=%s, sd=%s)", e1, e0);
        if ((rc = arg_value(kind, named(args, n, "mean"), text, len, &x, e)) != ERR_OK ||
            (rc = arg_value(kind, named(args, n, "sd"), text, len, &y, e)) != ERR_OK)
            return rc;
        rc = dist_normal(&d, x, y, true, e);
        break;
    case 3: /* lognormal */
        if (n >= 0 && names_are(args, n, (const char *const[]){"p50", "p99", NULL})) {
            if ((rc = arg_value(kind, named(args, n, "p50"), text, len, &x, e)) != ERR_OK ||
                (rc = arg_value(kind, named(args, n, "p99"), text, len, &y, e)) != ERR_OK)
                return rc;
            rc = dist_lognormal_p(&d, x, y, e);
        } else if (n >= 0 && names_are(args, n, (const char *const[]){"mu", "sigma", NULL})) {
            if ((rc = arg_value(UNITS_NUMBER, named(args, n, "mu"), text, len, &x, e)) !=
                    ERR_OK ||
                (rc = arg_value(UNITS_NUMBER, named(args, n, "sigma"), text, len, &y, e)) !=
                    ERR_OK)
                return rc;
            rc = dist_lognormal(&d, x, y, e);
        } else {
            return fail(e, "lognormal takes p50= and p99=, or mu= and sigma=, as in "
                           "lognormal(p50=%s, p99=%s)", e0, e2);
        }
        break;
    case 4: /* weibull */
        if (n < 0 || !names_are(args, n, (const char *const[]){"shape", "scale", NULL}))
            return fail(e, "weibull takes shape= and scale=, as in weibull(shape=1.5, "
                           "scale=%s)", e1);
        if ((rc = arg_value(UNITS_NUMBER, named(args, n, "shape"), text, len, &x, e)) !=
                ERR_OK ||
            (rc = arg_value(kind, named(args, n, "scale"), text, len, &y, e)) != ERR_OK)
            return rc;
        rc = dist_weibull(&d, x, y, e);
        break;
    case 5: /* triangular */
        if (n != 3 || !all_positional(args, n))
            return fail(e, "triangular takes three values, as in triangular(%s, %s, %s)", e0,
                        e1, e2);
        if ((rc = arg_value(kind, &args[0], text, len, &x, e)) != ERR_OK ||
            (rc = arg_value(kind, &args[1], text, len, &y, e)) != ERR_OK ||
            (rc = arg_value(kind, &args[2], text, len, &z, e)) != ERR_OK)
            return rc;
        rc = dist_triangular(&d, x, y, z, true, e);
        break;
    default: { /* empirical */
        double *values = NULL;
        size_t count = 0;
        if (n == 1 && args[0].name == NULL && args[0].len >= 2 && args[0].text[0] == '[' &&
            args[0].text[args[0].len - 1] == ']') {
            rc = empirical_list(kind, args[0].text + 1, args[0].len - 2, a, &values, &count, e);
        } else if (n == 1 && args[0].name && word_is(args[0].name, args[0].name_len, "file")) {
            rc = empirical_file(kind, &args[0], base_dir, a, &values, &count, e);
        } else {
            return fail(e, "empirical takes a list or a file, as in empirical([%s, %s, %s]) or "
                           "empirical(file=values.txt)", e0, e1, e2);
        }
        if (rc == ERR_NOMEM)
            return rc;
        if (rc != ERR_OK)
            return dist_error(text, len, e);
        dist_sort_values(values, count);
        rc = dist_empirical(&d, values, count, true, e);
        break;
    }
    }
    if (rc != ERR_OK)
        return dist_error(text, len, e);
    /* Each parameter of a probability is in [0, 1]; the draws must be too. */
    if (kind == UNITS_PROBABILITY && !(dist_min(&d) >= 0 && dist_max(&d) <= 1))
        return fail(e, "%s can draw values outside [0, 1]; a probability's distribution "
                       "must stay within it, such as uniform(0.01, 0.1), "
                       "triangular(0, 0.05, 0.2) or empirical([0.01, 0.05])",
                    q(text, len, 0));
    *out = d;
    return ERR_OK;
}

/* ---- Formatting ------------------------------------------------------------------- */

/* snprintf that appends at *pos, counting what would be needed. */
typedef struct sbuf {
    char *buf;
    size_t n, pos;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *dst = b->pos < b->n ? b->buf + b->pos : NULL;
    size_t room = b->pos < b->n ? b->n - b->pos : 0;
    int got = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    if (got > 0)
        b->pos += (size_t)got;
}

static size_t sb_done(sbuf *b)
{
    if (b->n > 0 && b->pos >= b->n)
        b->buf[b->n - 1] = '\0';
    return b->pos;
}

/* x with p significant digits, in fixed notation when that is no longer than
 * about 20 characters. */
static void num_digits(double x, int p, char out[64])
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
static void num_shortest(double x, char out[64])
{
    for (int p = 1; p <= 17; p++) {
        num_digits(x, p, out);
        if (strtod(out, NULL) == x)
            return;
    }
    snprintf(out, 64, "%.17g", x);
}

size_t units_format_duration(double v, char *buf, size_t n)
{
    sbuf b = {buf, n, 0};
    if (n > 0)
        buf[0] = '\0';
    if (v == 0 || !isfinite(v)) {
        if (v == 0)
            sb_printf(&b, "0s");
        else
            sb_printf(&b, "%s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
        return sb_done(&b);
    }
    double a = fabs(v);
    if (v < 0)
        sb_printf(&b, "-");
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
                    sb_printf(&b, "%lld%s", (long long)k, units[i].name);
                us -= k * units[i].us;
            }
            return sb_done(&b);
        }
    }
    char num[64];
    num_shortest(a, num);
    sb_printf(&b, "%ss", num);
    return sb_done(&b);
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
        num_digits(scaled, p, num);
        char cand[96];
        snprintf(cand, sizeof cand, "%s%s", num, suffix);
        double back;
        if (parse_value(kind, cand, strlen(cand), &back, NULL) == ERR_OK && back == v) {
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
    sbuf b = {buf, n, 0};
    if (n > 0)
        buf[0] = '\0';
    if (!isfinite(v)) {
        sb_printf(&b, "%s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
        return sb_done(&b);
    }
    best bt = {"", -1};
    if (v == 0) {
        sb_printf(&b, kind == UNITS_SIZE ? "0B" : kind == UNITS_RATE ? "0/s" : "0B/s");
        return sb_done(&b);
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
        sb_printf(&b, "%s", bt.text);
    } else {
        /* Not loadable (negative) or no exact form: the base unit, exactly. */
        char num[64];
        num_shortest(v, num);
        sb_printf(&b, "%s%s", num,
                  kind == UNITS_SIZE ? "B" : kind == UNITS_RATE ? "/s" : "B/s");
    }
    return sb_done(&b);
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
    num_shortest(v, num);
    return (size_t)snprintf(buf, n, "%s", num);
}

/* The lognormal's quantile p (as dist_lognormal_p would read it back), found
 * as the shortest decimal near `target` for which `ok` holds. */
static bool lognormal_quantiles(const dist *d, units_kind kind, double *p50, double *p99)
{
    double t50 = exp(d->a), t99 = exp(d->a + d->b * DIST_Z99);
    for (int i = 1; i <= 17; i++) {
        char num[64];
        num_digits(t50, i, num);
        double c50 = strtod(num, NULL);
        if (log(c50) != d->a)
            continue;
        for (int j = 1; j <= 17; j++) {
            num_digits(t99, j, num);
            double c99 = strtod(num, NULL);
            dist back;
            if (dist_lognormal_p(&back, c50, c99, NULL) == ERR_OK && back.a == d->a &&
                back.b == d->b) {
                *p50 = c50;
                *p99 = c99;
                (void)kind;
                return true;
            }
        }
        break;
    }
    return false;
}

size_t units_format_dist(const dist *d, units_kind kind, char *buf, size_t n)
{
    sbuf b = {buf, n, 0};
    if (n > 0)
        buf[0] = '\0';
    char x[96], y[96], z[96];
    switch (d->kind) {
    case DIST_CONST:
        units_format(kind, d->a, x, sizeof x);
        sb_printf(&b, "%s", x);
        break;
    case DIST_UNIFORM:
        units_format(kind, d->a, x, sizeof x);
        units_format(kind, d->b, y, sizeof y);
        sb_printf(&b, "uniform(%s, %s)", x, y);
        break;
    case DIST_EXPONENTIAL:
        units_format(kind, d->a, x, sizeof x);
        sb_printf(&b, "exponential(mean=%s)", x);
        break;
    case DIST_NORMAL:
        units_format(kind, d->a, x, sizeof x);
        units_format(kind, d->b, y, sizeof y);
        sb_printf(&b, "normal(mean=%s, sd=%s)", x, y);
        break;
    case DIST_LOGNORMAL: {
        double p50, p99;
        if (d->from_quantiles && lognormal_quantiles(d, kind, &p50, &p99)) {
            units_format(kind, p50, x, sizeof x);
            units_format(kind, p99, y, sizeof y);
            sb_printf(&b, "lognormal(p50=%s, p99=%s)", x, y);
        } else {
            num_shortest(d->a, x);
            num_shortest(d->b, y);
            sb_printf(&b, "lognormal(mu=%s, sigma=%s)", x, y);
        }
        break;
    }
    case DIST_WEIBULL:
        num_shortest(d->a, x);
        units_format(kind, d->b, y, sizeof y);
        sb_printf(&b, "weibull(shape=%s, scale=%s)", x, y);
        break;
    case DIST_TRIANGULAR:
        units_format(kind, d->a, x, sizeof x);
        units_format(kind, d->b, y, sizeof y);
        units_format(kind, d->c, z, sizeof z);
        sb_printf(&b, "triangular(%s, %s, %s)", x, y, z);
        break;
    case DIST_EMPIRICAL:
        sb_printf(&b, "empirical([");
        for (size_t i = 0; i < d->n; i++) {
            units_format(kind, d->values[i], x, sizeof x);
            sb_printf(&b, "%s%s", i ? ", " : "", x);
        }
        sb_printf(&b, "])");
        break;
    }
    return sb_done(&b);
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
    sbuf b = {buf, n, 0};
    if (n > 0)
        buf[0] = '\0';
    if (!isfinite(v)) {
        sb_printf(&b, "%s", isnan(v) ? "-" : "∞");
        return sb_done(&b);
    }
    char num[32];
    double a = fabs(v);
    const char *sign = v < 0 ? "-" : "";
    if (a < 1) {
        human_num(a * 1000, num);
        sb_printf(&b, "%s%sms", sign, num);
    } else if (a < 60) {
        human_num(a, num);
        sb_printf(&b, "%s%ss", sign, num);
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
            sb_printf(&b, "%s%.0f%s", sign, big, steps[i].big);
        else
            sb_printf(&b, "%s%.0f%s %.0f%s", sign, big, steps[i].big, small, steps[i].small);
    }
    return sb_done(&b);
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
