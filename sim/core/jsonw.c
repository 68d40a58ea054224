/*
 * jsonw.c — the JSON writer (see jsonw.h).
 *
 * Invariant: buf is NUL-terminated whenever it is not NULL; first[depth]
 * says whether the container being written still has no value.
 */
#include "sim/core/jsonw.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/core/mem.h"
#include "sim/core/units.h"
#include "sim/core/utf8.h"

void jw_init(jw *w, int indent)
{
    memset(w, 0, sizeof *w);
    w->first[0] = true;
    w->indent = indent;
}

void jw_free(jw *w)
{
    mem_free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

static void put(jw *w, const char *s, size_t n)
{
    if (w->failed)
        return;
    if (mem_grow((void **)&w->buf, &w->cap, w->len + n + 1, 1) != 0) {
        w->failed = true;
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void puts_(jw *w, const char *s)
{
    put(w, s, strlen(s));
}

static void newline(jw *w)
{
    if (w->indent <= 0)
        return;
    puts_(w, "\n");
    for (int i = 0; i < w->depth * w->indent; i++)
        puts_(w, " ");
}

/* Before any value: a comma and a newline unless it follows a key. */
static void before_value(jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth])
            puts_(w, ",");
        newline(w);
    }
    w->first[w->depth] = false;
}

static void open_(jw *w, const char *c)
{
    before_value(w);
    puts_(w, c);
    if (w->depth + 1 < JW_MAX_DEPTH) {
        w->depth++;
        w->first[w->depth] = true;
    } else {
        w->failed = true;
    }
}

static void close_(jw *w, const char *c)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        newline(w);
    puts_(w, c);
}

int jw_set_indent(jw *w, int indent)
{
    int old = w->indent;
    w->indent = indent;
    return old;
}

void jw_obj_begin(jw *w) { open_(w, "{"); }
void jw_obj_end(jw *w) { close_(w, "}"); }
void jw_arr_begin(jw *w) { open_(w, "["); }
void jw_arr_end(jw *w) { close_(w, "]"); }

void jw_key(jw *w, const char *key)
{
    before_value(w);
    puts_(w, "\"");
    jw_escape(w, key);
    puts_(w, w->indent > 0 ? "\": " : "\":");
    w->after_key = true;
}

/* Writes the character at p (not '"' or '\\', which the callers handle) as
 * JSON string content and returns how many bytes it took (>= 1). Controls
 * are escaped: C0 as JSON requires; DEL and C1, valid JSON raw, because a
 * terminal would act on them (the escape reads back the same); bytes that
 * are not UTF-8 become U+FFFD. */
static size_t escape_char(jw *w, const unsigned char *p)
{
    unsigned char c = *p;
    char esc[8];
    if (c < 0x20) {
        const char *named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
        if (named == NULL) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            named = esc;
        }
        puts_(w, named);
        return 1;
    }
    uint32_t cp = 0;
    size_t n = utf8_decode(p, strnlen((const char *)p, 4), &cp);
    if (n == 0) {
        puts_(w, "\xEF\xBF\xBD");
        return 1;
    }
    if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
        snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
        puts_(w, esc);
    } else {
        put(w, (const char *)p, n);
    }
    return n;
}

void jw_escape(jw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == '"' || *p == '\\') {
            char esc[2] = {'\\', (char)*p};
            put(w, esc, 2);
            p++;
        } else {
            p += escape_char(w, p);
        }
    }
}

void jw_str(jw *w, const char *s)
{
    if (s == NULL) {
        jw_null(w);
        return;
    }
    before_value(w);
    puts_(w, "\"");
    jw_escape(w, s);
    puts_(w, "\"");
}

void jw_num(jw *w, double v)
{
    if (!isfinite(v)) {
        jw_null(w);
        return;
    }
    char buf[64];
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, sizeof buf, "%.0f", v);
    else
        units_format(UNITS_NUMBER, v, buf, sizeof buf); /* shortest exact text */
    before_value(w);
    puts_(w, buf);
}

void jw_int(jw *w, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    before_value(w);
    puts_(w, buf);
}

void jw_uint(jw *w, uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    before_value(w);
    puts_(w, buf);
}

void jw_bool(jw *w, bool v)
{
    before_value(w);
    puts_(w, v ? "true" : "false");
}

void jw_null(jw *w)
{
    before_value(w);
    puts_(w, "null");
}

void jw_raw(jw *w, const char *json)
{
    before_value(w);
    if (json == NULL || *json == '\0') {
        puts_(w, "null");
        return;
    }
    /* Structure is copied; the content of its strings goes through
     * escape_char, so that stored JSON (a run's argv) cannot carry a raw DEL
     * or C1 control to a terminal. An escape sequence is copied whole. */
    const unsigned char *p = (const unsigned char *)json;
    bool in_string = false;
    while (*p) {
        if (!in_string) {
            in_string = *p == '"';
            put(w, (const char *)p++, 1);
        } else if (*p == '\\' && p[1] != '\0') {
            put(w, (const char *)p, 2);
            p += 2;
        } else if (*p == '"') {
            in_string = false;
            put(w, (const char *)p++, 1);
        } else {
            p += escape_char(w, p);
        }
    }
}

const char *jw_text(const jw *w)
{
    if (w->failed)
        return NULL;
    return w->buf ? w->buf : "";
}

char *jw_take(jw *w)
{
    char *out = NULL;
    if (!w->failed)
        out = w->buf ? w->buf : mem_strdup("");
    else
        mem_free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
    return out;
}
