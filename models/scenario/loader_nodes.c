/*
 * loader_nodes.c — the loader's building blocks: diagnostics (collected,
 * deduplicated, sorted, cut to SCN_MAX_ERRORS), suggestions for typos, and
 * one YAML node read as a value of a kind (a name, text, a whole number, a
 * bool, a quantity, a distribution, one of a list of words), each getter
 * reporting its own error at the node; and YAML scalars written back so that
 * they read as the same string.
 *
 * Every other file of the loader calls these; these call none of them.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/loaderInt.h"
#include "sim/core/escape.h"
#include "sim/core/mem.h"
#include "sim/core/utf8.h"

/* ---- Diagnostics ---------------------------------------------------------------- */

void scn_diags_init(scn_diags *d)
{
    memset(d, 0, sizeof *d);
}

void scn_diags_free(scn_diags *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->len; i++)
        mem_free(d->items[i].message);
    mem_free(d->items);
    mem_free(d->file);
    memset(d, 0, sizeof *d);
}

void scn_diags_print(const scn_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->len; i++) {
        const scn_diag *g = &d->items[i];
        const char *file = g->file ? g->file : "-";
        /* A message quotes the file: what it quotes must not drive the
         * terminal. */
        if (g->line > 0)
            fprintf(out, "drsim: %s:%u:%u: %s%s\n", esc_tmp(file), (unsigned)g->line,
                    (unsigned)g->col, g->warning ? "warning: " : "", esc_tmp(g->message));
        else
            fprintf(out, "drsim: %s: %s%s\n", esc_tmp(file), g->warning ? "warning: " : "",
                    esc_tmp(g->message));
    }
}

static void diag_add(ld *L, bool warning, uint32_t line, uint32_t col, const char *fmt,
                     va_list ap)
{
    scn_diags *d = L->diags;
    if (d->len >= LD_MAX_DIAGS)
        return;
    char buf[ERR_MSG_MAX];
    vsnprintf(buf, sizeof buf, fmt, ap);
    for (size_t i = 0; i < d->len; i++)
        if (d->items[i].line == line && d->items[i].col == col &&
            d->items[i].warning == warning && strcmp(d->items[i].message, buf) == 0)
            return;
    if (d->len == d->cap && mem_grow((void **)&d->items, &d->cap, d->len + 1, sizeof *d->items))
        goto oom;
    char *msg = mem_strdup(buf);
    if (msg == NULL)
        goto oom;
    d->items[d->len++] = (scn_diag){warning, d->file, line, col, msg};
    if (!warning)
        d->errors++;
    return;
oom:
    L->nomem = ERR_NOMEM;
}

void ld_error(ld *L, const ydoc_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(L, false, at ? at->line : 0, at ? at->col : 0, fmt, ap);
    va_end(ap);
}

void ld_warn(ld *L, const ydoc_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(L, true, at ? at->line : 0, at ? at->col : 0, fmt, ap);
    va_end(ap);
}

void ld_error_pos(ld *L, scn_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(L, false, pos.line, pos.col, fmt, ap);
    va_end(ap);
}

void ld_warn_pos(ld *L, scn_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(L, true, pos.line, pos.col, fmt, ap);
    va_end(ap);
}

bool ld_oom(ld *L)
{
    L->nomem = ERR_NOMEM;
    return false;
}

scn_pos ld_pos(const ydoc_node *n)
{
    return n ? (scn_pos){n->line, n->col} : (scn_pos){0, 0};
}

/* Stable sort by position (no position first); then at most SCN_MAX_ERRORS
 * errors, and a last line saying how many more there were. */
void ld_diags_finish(scn_diags *d)
{
    for (size_t i = 1; i < d->len; i++) {
        scn_diag x = d->items[i];
        size_t j = i;
        while (j > 0 && (d->items[j - 1].line > x.line ||
                         (d->items[j - 1].line == x.line && d->items[j - 1].col > x.col))) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = x;
    }
    size_t out = 0, errors = 0, dropped = 0;
    for (size_t i = 0; i < d->len; i++) {
        if (!d->items[i].warning && errors == SCN_MAX_ERRORS) {
            mem_free(d->items[i].message);
            dropped++;
            continue;
        }
        errors += !d->items[i].warning;
        d->items[out++] = d->items[i];
    }
    d->len = out;
    d->errors = errors;
    if (dropped > 0) {
        char buf[128];
        snprintf(buf, sizeof buf, "too many errors: %zu more not shown", dropped);
        char *msg = mem_strdup(buf);
        if (msg != NULL) /* d->len < cap: items were dropped */
            d->items[d->len++] = (scn_diag){false, d->file, 0, 0, msg};
    }
}

/* ---- Suggestions and node checks -------------------------------------------------- */

/* Damerau-Levenshtein distance (optimal string alignment), for short words. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return 1000;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

static bool same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

const char *ld_suggest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = 1000;
    size_t len = strlen(word);
    size_t limit = len >= 6 ? 2 : 1;
    for (size_t i = 0; i < n; i++) {
        if (names[i] == NULL)
            continue;
        if (same_ignoring_case(word, names[i]))
            return names[i];
        size_t d = distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best_d <= limit && best_d < len ? best : NULL;
}

const char *ld_found(const ydoc_node *n)
{
    static _Thread_local char buf[96];
    if (n == NULL || ydoc_is_null(n))
        return "nothing";
    if (n->kind == YDOC_SEQ)
        return "a list";
    if (n->kind == YDOC_MAP)
        return "a mapping";
    size_t len = n->len > 40 ? 40 : n->len;
    snprintf(buf, sizeof buf, "\"%.*s%s\"", (int)len, n->text, n->len > 40 ? "…" : "");
    return buf;
}

static bool tag_ok(ld *L, const ydoc_node *n, const char *key)
{
    if (n->tag == NULL || strcmp(n->tag, "!!str") == 0)
        return true;
    if (strncmp(n->tag, "!=", 2) == 0 || strncmp(n->tag, "!", 1) == 0) {
        if (n->tag[1] == '=' || n->tag[1] == '\0') {
            ld_error(L, n, "%s: YAML reads a value starting with '!' as a tag; quote it, as in "
                           "\"!= 0\"", key);
            return false;
        }
    }
    ld_error(L, n, "%s: tag '%s' is not used in scenario files", key, n->tag);
    return false;
}

bool ld_scalar(ld *L, const ydoc_node *n, const char *key, const char *expected)
{
    if (n->kind != YDOC_SCALAR || ydoc_is_null(n)) {
        ld_error(L, n, "%s: expected %s; found %s", key, expected, ld_found(n));
        return false;
    }
    if (!tag_ok(L, n, key))
        return false;
    if (memchr(n->text, '\0', n->len) != NULL) {
        ld_error(L, n, "%s: a value cannot contain a NUL character", key);
        return false;
    }
    return true;
}

bool ld_name(ld *L, const ydoc_node *n, const char *key, const char **out)
{
    if (!ld_scalar(L, n, key, "a name"))
        return false;
    bool ok = n->len > 0 && n->len <= SCN_MAX_NAME;
    for (size_t i = 0; i < n->len && ok; i++) {
        char c = n->text[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    }
    if (!ok) {
        ld_error(L, n, "%s: %s is not a name (names are 1 to %d letters, digits, '-' or '_')",
                 key, ld_found(n), SCN_MAX_NAME);
        return false;
    }
    *out = n->text;
    return true;
}

bool ld_string(ld *L, const ydoc_node *n, const char *key, const char **out)
{
    if (n->kind != YDOC_SCALAR) {
        ld_error(L, n, "%s: expected text; found %s", key, ld_found(n));
        return false;
    }
    if (!tag_ok(L, n, key))
        return false;
    if (memchr(n->text, '\0', n->len) != NULL) {
        ld_error(L, n, "%s: text cannot contain a NUL character", key);
        return false;
    }
    *out = ydoc_is_null(n) ? "" : n->text;
    return true;
}

bool ld_uint(ld *L, const ydoc_node *n, const char *key, uint64_t min, uint64_t max,
             uint64_t *out)
{
    if (!ld_scalar(L, n, key, "a whole number"))
        return false;
    uint64_t v = 0;
    bool ok = n->len > 0, overflow = false;
    for (size_t i = 0; i < n->len && ok; i++) {
        char c = n->text[i];
        if (c < '0' || c > '9') {
            ok = false;
            break;
        }
        unsigned d = (unsigned)(c - '0');
        if (v > (UINT64_MAX - d) / 10)
            overflow = true;
        else
            v = v * 10 + d;
    }
    if (!ok) {
        ld_error(L, n, "%s: %s is not a whole number (expected a whole number from %llu to "
                       "%llu)", key, ld_found(n), (unsigned long long)min,
                 (unsigned long long)max);
        return false;
    }
    if (overflow || v < min || v > max) {
        ld_error(L, n, "%s: %s is out of range (expected a whole number from %llu to %llu)",
                 key, ld_found(n), (unsigned long long)min, (unsigned long long)max);
        return false;
    }
    *out = v;
    return true;
}

bool ld_bool(ld *L, const ydoc_node *n, const char *key, bool *out)
{
    if (!ld_scalar(L, n, key, "true or false"))
        return false;
    if (!strcmp(n->text, "true") || !strcmp(n->text, "True") || !strcmp(n->text, "TRUE")) {
        *out = true;
        return true;
    }
    if (!strcmp(n->text, "false") || !strcmp(n->text, "False") || !strcmp(n->text, "FALSE")) {
        *out = false;
        return true;
    }
    ld_error(L, n, "%s: %s is not true or false", key, ld_found(n));
    return false;
}

/* The largest value of `kind` the models compute exactly (0: no bound
 * beyond the kind's own). */
static double max_of(units_kind kind)
{
    switch (kind) {
    case UNITS_DURATION:  return SCN_MAX_DURATION;
    case UNITS_SIZE:      return SCN_MAX_SIZE;
    case UNITS_RATE:      return SCN_MAX_RATE;
    case UNITS_BYTE_RATE: return SCN_MAX_BYTE_RATE;
    case UNITS_NUMBER:
    case UNITS_PROBABILITY: return 0;
    }
    NEVER(true); /* every kind returns above */
    return 0;
}

/* Reports a value of kind beyond what the models compute exactly. `reach`
 * is how far the value (or the distribution) goes. */
static bool within(ld *L, const ydoc_node *n, const char *key, units_kind kind, double reach,
                   bool drawn)
{
    double max = max_of(kind);
    if (max == 0 || reach <= max)
        return true;
    char m[64], r[64];
    units_format(kind, max, m, sizeof m);
    if (!isfinite(reach)) {
        ld_error(L, n, "%s: the distribution has no bound in practice (its mean plus 50 standard "
                       "deviations is infinite); drsim computes a %s exactly up to %s",
                 key, units_kind_name(kind), m);
        return false;
    }
    units_format(kind, reach, r, sizeof r);
    ld_error(L, n, "%s: %s %s; drsim computes a %s exactly up to %s", key,
             drawn ? "the distribution reaches" : "the value is", r, units_kind_name(kind), m);
    return false;
}

bool ld_value(ld *L, const ydoc_node *n, const char *key, units_kind kind, double *out)
{
    if (!ld_scalar(L, n, key, units_expected(kind, false) + 9)) /* "a duration such as..." */
        return false;
    err_msg e;
    err_clear(&e);
    if (units_parse(kind, n->text, out, &e) != ERR_OK) {
        ld_error(L, n, "%s: %s", key, e.text);
        return false;
    }
    return within(L, n, key, kind, *out, false);
}

bool ld_dist(ld *L, const ydoc_node *n, const char *key, units_kind kind, dist *out)
{
    if (!ld_scalar(L, n, key, units_expected(kind, true) + 9))
        return false;
    err_msg e;
    err_clear(&e);
    err_code rc = dtext_parse(kind, n->text, L->base_dir, L->a, out, &e);
    if (rc == ERR_NOMEM)
        return ld_oom(L);
    if (rc != ERR_OK) {
        ld_error(L, n, "%s: %s", key, e.text);
        return false;
    }
    /* How far it reaches: its maximum, or for one without a maximum its
     * mean plus 50 standard deviations (beyond any draw a run makes). */
    double reach = dist_max(out);
    if (!isfinite(reach))
        reach = dist_mean(out) + 50 * sqrt(dist_variance(out));
    return within(L, n, key, kind, reach, !dist_is_const(out));
}

size_t ld_count(const char *const *names)
{
    size_t n = 0;
    while (names[n] != NULL)
        n++;
    return n;
}

bool ld_enum(ld *L, const ydoc_node *n, const char *key, const char *const *names, int *out)
{
    size_t count = ld_count(names);
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < count && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 i == 0 ? "" : i + 1 == count ? " or " : ", ", names[i]);
    if (!ld_scalar(L, n, key, list))
        return false;
    for (size_t i = 0; i < count; i++)
        if (strcmp(n->text, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    const char *s = ld_suggest(n->text, names, count);
    if (s)
        ld_error(L, n, "%s: unknown value %s (did you mean %s?)", key, ld_found(n), s);
    else
        ld_error(L, n, "%s: unknown value %s (expected %s)", key, ld_found(n), list);
    return false;
}

bool ld_list(ld *L, const ydoc_node *n, const char *key)
{
    if (n->kind != YDOC_SEQ) {
        ld_error(L, n, "%s: expected a list; found %s", key, ld_found(n));
        return false;
    }
    if (n->tag != NULL && strcmp(n->tag, "!!seq") != 0) {
        ld_error(L, n, "%s: tag '%s' is not used in scenario files", key, n->tag);
        return false;
    }
    return true;
}

bool ld_is_list(const ydoc_node *n)
{
    return n->kind == YDOC_SEQ && (n->tag == NULL || strcmp(n->tag, "!!seq") == 0);
}

/* ---- YAML scalars ------------------------------------------------------------------- */

/* The code point of the UTF-8 sequence at t[0..n) (input is valid UTF-8:
 * ydoc_parse checked it); *len gets its length. */
static unsigned utf8_at(const unsigned char *t, size_t n, size_t *len)
{
    uint32_t cp = t[0];
    size_t k = utf8_decode(t, n, &cp);
    *len = k ? k : 1;
    return cp;
}

/* YAML's printable set, less the characters libyaml reads as line breaks
 * (U+0085, U+2028, U+2029) and the byte order mark. */
static bool printable(unsigned cp)
{
    if (cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff)
        return false;
    return cp == 0x20 || (cp > 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xd7ff) ||
           (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

bool ld_plain_ok(const char *t, size_t n, bool flow)
{
    if (n == 0 || t[0] == ' ' || t[n - 1] == ' ')
        return false;
    if (strchr("-?:,[]{}#&*!|>'\"%@`", t[0]) != NULL)
        return false;
    if ((n == 1 && t[0] == '~') || (n == 4 && (!memcmp(t, "null", 4) || !memcmp(t, "Null", 4) ||
                                             !memcmp(t, "NULL", 4))))
        return false;
    for (size_t i = 0; i < n;) {
        size_t k;
        unsigned c = utf8_at((const unsigned char *)t + i, n - i, &k);
        if (!printable(c))
            return false;
        if (flow && c < 0x80 && strchr(",[]{}", (int)c) != NULL)
            return false;
        if (c == ':' && (i + 1 == n || t[i + 1] == ' '))
            return false;
        if (c == '#' && i > 0 && t[i - 1] == ' ')
            return false;
        i += k;
    }
    return true;
}

char *ld_yaml_scalar(const char *t, size_t n, bool flow)
{
    if (ld_plain_ok(t, n, flow))
        return mem_strndup(t, n);
    size_t cap = 3 + 10 * n, o = 0;
    char *q = mem_malloc(cap);
    if (q == NULL)
        return NULL;
    q[o++] = '"';
    for (size_t i = 0; i < n;) {
        size_t k;
        unsigned c = utf8_at((const unsigned char *)t + i, n - i, &k);
        if (c == '"' || c == '\\') {
            q[o++] = '\\';
            q[o++] = (char)c;
        } else if (!printable(c)) {
            o += (size_t)snprintf(q + o, cap - o, c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x"
                                                                                      : "\\U%08x",
                                  c);
        } else {
            memcpy(q + o, t + i, k);
            o += k;
        }
        i += k;
    }
    q[o++] = '"';
    q[o] = '\0';
    return q;
}
