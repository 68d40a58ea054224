/*
 * disttext.c — distributions as scenario files write them: parsing and
 * printing (see disttext.h).
 *
 * A distribution's text is NAME(ARGS): the arguments are split at top-level
 * commas, named or positional as each distribution takes them, and each is a
 * quantity parsed by sim/core/units.h. Printing is the inverse: every
 * parameter in the shortest text that reads back as the same double.
 */
/* realpath(3) is XSI: it resolves a value file's path to check where it is. */
#define _XOPEN_SOURCE 700

#include "models/scenario/disttext.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/core/mem.h"
#include "sim/core/strbuf.h"

/* Appends " (EXPECTED)" to the message already in e. */
static err_code fail_expected(err_msg *e, units_kind kind)
{
    if (e != NULL) {
        size_t len = strlen(e->text);
        snprintf(e->text + len, sizeof e->text - len, " (%s)", units_expected(kind, true));
        e->code = ERR_INPUT;
    }
    return ERR_INPUT;
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* ---- Parsing -------------------------------------------------------------- */

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
            while (k < tn && is_name_char(t[k]))
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
        if (args[i].name && units_word_is(args[i].name, args[i].name_len, name))
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
            if (units_word_is(args[i].name, args[i].name_len, names[j]))
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
    if (units_parse_n(kind, a->text, a->len, out, e) == ERR_OK)
        return ERR_OK;
    if (e != NULL) {
        char inner[ERR_MSG_MAX];
        snprintf(inner, sizeof inner, "%s", e->text);
        err_set(e, ERR_INPUT, "in %s: %s", units_quote(dtext, dlen, 0), inner);
    }
    return ERR_INPUT;
}

static err_code dist_error(const char *dtext, size_t dlen, err_msg *e)
{
    if (e != NULL) {
        char inner[ERR_MSG_MAX];
        snprintf(inner, sizeof inner, "%s", e->text);
        err_set(e, ERR_INPUT, "in %s: %s", units_quote(dtext, dlen, 0), inner);
    }
    return ERR_INPUT;
}

/* Reads a whole regular file of at most DTEXT_EMPIRICAL_FILE_MAX bytes into a
 * mem_malloc'd NUL-terminated buffer. */
static err_code read_small_file(const char *path, char **out, size_t *len, err_msg *e,
                                const char *shown)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, ERR_INPUT, "cannot open empirical file \"%s\": %s", shown,
                       strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return err_set(e, ERR_INPUT, "empirical file \"%s\" is not a regular file", shown);
    }
    size_t cap = DTEXT_EMPIRICAL_FILE_MAX + 1;
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
            return err_set(e, ERR_INPUT, "cannot read empirical file \"%s\": %s", shown,
                           strerror(err));
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n >= cap)
            break;
    }
    close(fd);
    if (n > DTEXT_EMPIRICAL_FILE_MAX) {
        mem_free(buf);
        return err_set(e, ERR_INPUT, "empirical file \"%s\" is larger than 1 MiB", shown);
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
            return err_set(e, ERR_INPUT, "empirical([...]) has an empty value");
        }
        if (units_parse_n(kind, t, tn, &v[k], e) != ERR_OK)
            return ERR_INPUT;
        k++;
    }
    *values = v;
    *count = k;
    return ERR_OK;
}

/* Whether a relative path climbs above its start through "..", read as
 * text: "a/../../b" does, "a/../b" does not. */
static bool climbs_out(const char *path)
{
    long depth = 0;
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (--depth < 0)
                return true;
        } else if (n > 0 && !(n == 1 && p[0] == '.')) {
            depth++;
        }
        p += n;
        while (*p == '/')
            p++;
    }
    return false;
}

/* Whether the resolved path lies in the resolved folder dir (the folder
 * itself counts as inside: it is then refused as not a regular file). */
static bool within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 &&
           (path[n] == '/' || path[n] == '\0' || (n == 1 && dir[0] == '/'));
}

/* Where the value file `shown` (relative to base_dir) really is, confined to
 * base_dir's tree: no absolute path, no way out through "..", no symlink
 * that leads out. A scenario may come from anywhere; its value files must
 * not read what lies beside it (a CI's secrets, /etc/passwd). On success
 * *out is the resolved path (malloc'd by realpath: free it). */
static err_code confined(const char *shown, const char *base_dir, arena *a, char **out,
                         err_msg *e)
{
    if (shown[0] == '/')
        return err_set(e, ERR_INPUT,
                       "empirical file \"%s\": give a path relative to the scenario's folder "
                       "(an absolute path could read any file)",
                       shown);
    const char *dir = base_dir != NULL && base_dir[0] != '\0' ? base_dir : ".";
    char *joined = arena_printf(a, "%s/%s", dir, shown);
    if (joined == NULL)
        return ERR_NOMEM;
    /* Whether a file out there exists is not the scenario's to learn: a
     * path that leaves the folder is refused the same way either way —
     * by its ".." before the file system is asked, and through a symlink
     * by where its nearest existing folder resolves to when the file itself
     * does not exist. */
    char *real_dir = realpath(dir, NULL);
    char *real_file = NULL;
    err_code rc = ERR_OK;
    if (real_dir == NULL)
        return err_set(e, ERR_INPUT, "empirical file \"%s\": cannot resolve the scenario's folder",
                       shown);
    bool outside = climbs_out(shown);
    if (!outside) {
        real_file = realpath(joined, NULL);
        int err = errno;
        if (real_file != NULL) {
            outside = !within(real_file, real_dir);
        } else {
            /* The nearest folder on the way that exists (joined is dir "/"
             * shown: cutting stops at dir, which resolved). */
            char *parent = NULL;
            size_t dir_len = strlen(dir);
            for (char *slash; parent == NULL && (slash = strrchr(joined, '/')) != NULL &&
                              (size_t)(slash - joined) >= dir_len;) {
                *slash = '\0';
                parent = realpath(joined, NULL);
            }
            outside = parent != NULL && !within(parent, real_dir);
            free(parent);
            if (!outside)
                rc = err_set(e, ERR_INPUT, "cannot open empirical file \"%s\": %s", shown,
                             strerror(err));
        }
    }
    if (outside)
        rc = err_set(e, ERR_INPUT,
                     "empirical file \"%s\" lies outside the scenario's folder: drsim reads "
                     "value files only inside it (no \"..\" or symlink out of it)",
                     shown);
    free(real_dir);
    if (rc != ERR_OK) {
        free(real_file);
        return rc;
    }
    *out = real_file;
    return ERR_OK;
}

static err_code empirical_file(units_kind kind, const arg *fa, const char *base_dir, arena *a,
                               double **values, size_t *count, err_msg *e)
{
    const char *t = fa->text;
    size_t tn = fa->len;
    if (tn >= 2 && (t[0] == '"' || t[0] == '\'') && t[tn - 1] == t[0]) {
        t++;
        tn -= 2;
    }
    if (tn == 0)
        return err_set(e, ERR_INPUT, "empirical(file=...) needs a file name");
    if (memchr(t, '\0', tn) != NULL)
        return err_set(e, ERR_INPUT, "empirical file name contains a NUL byte");
    char *shown = arena_strndup(a, t, tn);
    if (shown == NULL)
        return ERR_NOMEM;
    char *real = NULL;
    err_code rc = confined(shown, base_dir, a, &real, e);
    if (rc != ERR_OK)
        return rc;
    char *path = arena_strdup(a, real);
    free(real);
    if (path == NULL)
        return ERR_NOMEM;
    char *buf = NULL;
    size_t len = 0;
    rc = read_small_file(path, &buf, &len, e, shown);
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
            if (memchr(lt, '\0', ln) != NULL ||
                units_parse_n(kind, lt, ln, &v[k], NULL) != ERR_OK) {
                /* Say which line, and quote no more of it than a few bytes:
                 * the file's text is not repeated into a log. */
                char head[24];
                size_t hn = ln < 16 ? ln : 16;
                while (hn > 0 && hn < ln && ((unsigned char)lt[hn] & 0xc0) == 0x80)
                    hn--; /* not in the middle of a character */
                snprintf(head, sizeof head, "%.*s%s", (int)hn, lt, hn < ln ? "..." : "");
                mem_free(buf);
                return err_set(e, ERR_INPUT,
                               "empirical file \"%s\", line %zu: not a %s (it begins \"%s\")",
                               shown, line, units_kind_name(kind),
                               memchr(head, '\0', hn) ? "" : head);
            }
            k++;
        }
        p = le + 1;
    }
    mem_free(buf);
    if (k == 0)
        return err_set(e, ERR_INPUT, "empirical file \"%s\" has no values", shown);
    *values = v;
    *count = k;
    return ERR_OK;
}

static const char *const dist_names[] = {"uniform",    "exponential", "normal",    "lognormal",
                                         "weibull",    "triangular",  "empirical", NULL};

err_code dtext_parse(units_kind kind, const char *text, const char *base_dir, arena *a,
                          dist *out, err_msg *e)
{
    size_t len = strlen(text);
    const char *open = memchr(text, '(', len);
    if (open == NULL) {
        double v;
        if (units_parse_n(kind, text, len, &v, e) != ERR_OK)
            return fail_expected(e, kind);
        if (dist_const(out, v, true, e) != ERR_OK)
            return fail_expected(e, kind);
        return ERR_OK;
    }
    const char *name = text;
    size_t name_len = (size_t)(open - text);
    trim(&name, &name_len);
    size_t end = len;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        end--;
    if (end == 0 || text[end - 1] != ')')
        return err_set(e, ERR_INPUT, "%s does not end with ')' (%s)", units_quote(text, len, 0),
                    units_expected(kind, true));
    int which = -1;
    for (int i = 0; dist_names[i]; i++)
        if (units_word_is(name, name_len, dist_names[i]))
            which = i;
    if (which < 0)
        return err_set(e, ERR_INPUT,
                       "unknown distribution %s (expected uniform, exponential, normal, "
                       "lognormal, weibull, triangular or empirical)",
                       units_quote(name, name_len, 1));
    const char *inside = open + 1;
    size_t inside_len = (size_t)(text + end - 1 - inside);
    arg args[MAX_ARGS] = {0};
    int n = split_args(inside, inside_len, args);
    const char *e0 = units_example(kind, 0), *e1 = units_example(kind, 1),
               *e2 = units_example(kind, 2);
    dist d;
    double x, y, z;
    err_code rc;
    switch (which) {
    case 0: /* uniform */
        if (n != 2 || !all_positional(args, n))
            return err_set(e, ERR_INPUT, "uniform takes two values, as in uniform(%s, %s)", e0, e2);
        if ((rc = arg_value(kind, &args[0], text, len, &x, e)) != ERR_OK ||
            (rc = arg_value(kind, &args[1], text, len, &y, e)) != ERR_OK)
            return rc;
        rc = dist_uniform(&d, x, y, true, e);
        break;
    case 1: /* exponential */
        if (n < 0 || !names_are(args, n, (const char *const[]){"mean", NULL}))
            return err_set(e, ERR_INPUT, "exponential takes mean=, as in exponential(mean=%s)", e1);
        if ((rc = arg_value(kind, &args[0], text, len, &x, e)) != ERR_OK)
            return rc;
        rc = dist_exponential(&d, x, e);
        break;
    case 2: /* normal */
        if (n < 0 || !names_are(args, n, (const char *const[]){"mean", "sd", NULL}))
            return err_set(e, ERR_INPUT, "normal takes mean= and sd=, as in normal(mean=%s, sd=%s)",
                           e1, e0);
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
            return err_set(e, ERR_INPUT, "lognormal takes p50= and p99=, or mu= and sigma=, as in "
                           "lognormal(p50=%s, p99=%s)", e0, e2);
        }
        break;
    case 4: /* weibull */
        if (n < 0 || !names_are(args, n, (const char *const[]){"shape", "scale", NULL}))
            return err_set(e, ERR_INPUT,
                           "weibull takes shape= and scale=, as in weibull(shape=1.5, "
                           "scale=%s)",
                           e1);
        if ((rc = arg_value(UNITS_NUMBER, named(args, n, "shape"), text, len, &x, e)) !=
                ERR_OK ||
            (rc = arg_value(kind, named(args, n, "scale"), text, len, &y, e)) != ERR_OK)
            return rc;
        rc = dist_weibull(&d, x, y, e);
        break;
    case 5: /* triangular */
        if (n != 3 || !all_positional(args, n))
            return err_set(e, ERR_INPUT,
                           "triangular takes three values, as in triangular(%s, %s, %s)", e0, e1,
                           e2);
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
        } else if (n == 1 && args[0].name &&
                   units_word_is(args[0].name, args[0].name_len, "file")) {
            rc = empirical_file(kind, &args[0], base_dir, a, &values, &count, e);
        } else {
            return err_set(e, ERR_INPUT,
                           "empirical takes a list or a file, as in empirical([%s, %s, %s]) or "
                           "empirical(file=values.txt)",
                           e0, e1, e2);
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
        return err_set(e, ERR_INPUT,
                       "%s can draw values outside [0, 1]; a probability's distribution "
                       "must stay within it, such as uniform(0.01, 0.1), "
                       "triangular(0, 0.05, 0.2) or empirical([0.01, 0.05])",
                       units_quote(text, len, 0));
    *out = d;
    return ERR_OK;
}

/* ---- Printing ---------------------------------------------------------------------- */

/* The lognormal's quantile p (as dist_lognormal_p would read it back), found
 * as the shortest decimal near `target` for which `ok` holds. */
static bool lognormal_quantiles(const dist *d, units_kind kind, double *p50, double *p99)
{
    double t50 = exp(d->a), t99 = exp(d->a + d->b * DIST_Z99);
    for (int i = 1; i <= 17; i++) {
        char num[64];
        units_digits(t50, i, num);
        double c50 = strtod(num, NULL);
        if (log(c50) != d->a)
            continue;
        for (int j = 1; j <= 17; j++) {
            units_digits(t99, j, num);
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

size_t dtext_format(const dist *d, units_kind kind, char *buf, size_t n)
{
    sb_fixed b = sb_fixed_init(buf, n);
    char x[96], y[96], z[96];
    switch (d->kind) {
    case DIST_CONST:
        units_format(kind, d->a, x, sizeof x);
        sb_fixed_printf(&b, "%s", x);
        break;
    case DIST_UNIFORM:
        units_format(kind, d->a, x, sizeof x);
        units_format(kind, d->b, y, sizeof y);
        sb_fixed_printf(&b, "uniform(%s, %s)", x, y);
        break;
    case DIST_EXPONENTIAL:
        units_format(kind, d->a, x, sizeof x);
        sb_fixed_printf(&b, "exponential(mean=%s)", x);
        break;
    case DIST_NORMAL:
        units_format(kind, d->a, x, sizeof x);
        units_format(kind, d->b, y, sizeof y);
        sb_fixed_printf(&b, "normal(mean=%s, sd=%s)", x, y);
        break;
    case DIST_LOGNORMAL: {
        double p50, p99;
        if (d->from_quantiles && lognormal_quantiles(d, kind, &p50, &p99)) {
            units_format(kind, p50, x, sizeof x);
            units_format(kind, p99, y, sizeof y);
            sb_fixed_printf(&b, "lognormal(p50=%s, p99=%s)", x, y);
        } else {
            units_shortest(d->a, x);
            units_shortest(d->b, y);
            sb_fixed_printf(&b, "lognormal(mu=%s, sigma=%s)", x, y);
        }
        break;
    }
    case DIST_WEIBULL:
        units_shortest(d->a, x);
        units_format(kind, d->b, y, sizeof y);
        sb_fixed_printf(&b, "weibull(shape=%s, scale=%s)", x, y);
        break;
    case DIST_TRIANGULAR:
        units_format(kind, d->a, x, sizeof x);
        units_format(kind, d->b, y, sizeof y);
        units_format(kind, d->c, z, sizeof z);
        sb_fixed_printf(&b, "triangular(%s, %s, %s)", x, y, z);
        break;
    case DIST_EMPIRICAL:
        sb_fixed_printf(&b, "empirical([");
        for (size_t i = 0; i < d->n; i++) {
            units_format(kind, d->values[i], x, sizeof x);
            sb_fixed_printf(&b, "%s%s", i ? ", " : "", x);
        }
        sb_fixed_printf(&b, "])");
        break;
    }
    return sb_fixed_done(&b);
}
