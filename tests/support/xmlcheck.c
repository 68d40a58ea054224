/*
 * xmlcheck.c — XML well-formedness for tests (see xmlcheck.h).
 */
#include "tests/support/xmlcheck.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *s;
    size_t i;
    xc_result r;
    const char *count_name;
    size_t *count;
} parser;

static int fail(parser *p, const char *fmt, ...)
{
    if (!p->r.ok)
        return 0;
    va_list ap;
    va_start(ap, fmt);
    char msg[200];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->r.error, sizeof p->r.error, "at byte %zu: %s", p->i, msg);
    p->r.ok = 0;
    return 0;
}

/* Consumes one character XML allows; returns its code point or -1. */
static long xml_char(parser *p)
{
    const unsigned char *u = (const unsigned char *)p->s + p->i;
    uint32_t cp;
    size_t n;
    if (u[0] < 0x80) {
        cp = u[0];
        n = 1;
    } else if ((u[0] & 0xE0) == 0xC0) {
        cp = u[0] & 0x1Fu;
        n = 2;
    } else if ((u[0] & 0xF0) == 0xE0) {
        cp = u[0] & 0x0Fu;
        n = 3;
    } else if ((u[0] & 0xF8) == 0xF0) {
        cp = u[0] & 0x07u;
        n = 4;
    } else {
        return fail(p, "invalid UTF-8"), -1;
    }
    for (size_t k = 1; k < n; k++) {
        if ((u[k] & 0xC0) != 0x80)
            return fail(p, "invalid UTF-8"), -1;
        cp = (cp << 6) | (u[k] & 0x3Fu);
    }
    if (cp < 0x20 && cp != 9 && cp != 10 && cp != 13)
        return fail(p, "control character %u", cp), -1;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
        return fail(p, "character U+%X not allowed", cp), -1;
    p->i += n;
    return (long)cp;
}

static int name_char(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static size_t name(parser *p)
{
    size_t start = p->i;
    if (!name_char(p->s[p->i], 1))
        return fail(p, "expected a name"), 0;
    while (name_char(p->s[p->i], 0))
        p->i++;
    return p->i - start;
}

static void spaces(parser *p)
{
    while (p->s[p->i] == ' ' || p->s[p->i] == '\n' || p->s[p->i] == '\t' || p->s[p->i] == '\r')
        p->i++;
}

static int reference(parser *p)
{
    /* at '&' */
    p->i++;
    static const char *const ents[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
    for (size_t k = 0; k < 5; k++)
        if (strncmp(p->s + p->i, ents[k], strlen(ents[k])) == 0) {
            p->i += strlen(ents[k]);
            return 1;
        }
    if (p->s[p->i] == '#') {
        p->i++;
        int hex = p->s[p->i] == 'x';
        if (hex)
            p->i++;
        char *end = NULL;
        unsigned long v = strtoul(p->s + p->i, &end, hex ? 16 : 10);
        if (end == p->s + p->i || *end != ';')
            return fail(p, "bad character reference");
        if ((v < 0x20 && v != 9 && v != 10 && v != 13) || (v >= 0xD800 && v <= 0xDFFF) ||
            v > 0x10FFFF)
            return fail(p, "character reference to a character XML does not allow");
        p->i = (size_t)(end - p->s) + 1;
        return 1;
    }
    return fail(p, "unknown entity");
}

static int element(parser *p, int depth)
{
    if (depth > 200)
        return fail(p, "nesting too deep");
    p->i++; /* '<' */
    size_t nstart = p->i;
    size_t nlen = name(p);
    if (!p->r.ok)
        return 0;
    p->r.elements++;
    if (p->count && p->count_name && strlen(p->count_name) == nlen &&
        strncmp(p->s + nstart, p->count_name, nlen) == 0)
        (*p->count)++;
    const char *attrs[64];
    size_t alens[64], nattrs = 0;
    for (;;) {
        size_t before = p->i;
        spaces(p);
        char c = p->s[p->i];
        if (c == '/' && p->s[p->i + 1] == '>') {
            p->i += 2;
            return 1;
        }
        if (c == '>') {
            p->i++;
            break;
        }
        if (p->i == before)
            return fail(p, "expected a space before an attribute");
        size_t astart = p->i;
        size_t alen = name(p);
        if (!p->r.ok)
            return 0;
        for (size_t k = 0; k < nattrs; k++)
            if (alens[k] == alen && strncmp(attrs[k], p->s + astart, alen) == 0)
                return fail(p, "duplicate attribute");
        if (nattrs < 64) {
            attrs[nattrs] = p->s + astart;
            alens[nattrs++] = alen;
        }
        spaces(p);
        if (p->s[p->i] != '=')
            return fail(p, "expected '='");
        p->i++;
        spaces(p);
        char q = p->s[p->i];
        if (q != '"' && q != '\'')
            return fail(p, "expected a quoted value");
        p->i++;
        while (p->s[p->i] != q) {
            if (p->s[p->i] == '\0')
                return fail(p, "unterminated attribute value");
            if (p->s[p->i] == '<')
                return fail(p, "'<' in an attribute value");
            if (p->s[p->i] == '&') {
                if (!reference(p))
                    return 0;
            } else if (xml_char(p) < 0) {
                return 0;
            }
        }
        p->i++;
    }
    /* content */
    for (;;) {
        char c = p->s[p->i];
        if (c == '\0')
            return fail(p, "unterminated element");
        if (c == '<' && p->s[p->i + 1] == '/') {
            p->i += 2;
            size_t cstart = p->i;
            size_t clen = name(p);
            if (!p->r.ok)
                return 0;
            if (clen != nlen || strncmp(p->s + cstart, p->s + nstart, nlen) != 0)
                return fail(p, "closing tag does not match '%.*s'", (int)nlen, p->s + nstart);
            spaces(p);
            if (p->s[p->i] != '>')
                return fail(p, "expected '>'");
            p->i++;
            return 1;
        }
        if (c == '<' && strncmp(p->s + p->i, "<!--", 4) == 0) {
            const char *end = strstr(p->s + p->i + 4, "-->");
            if (end == NULL)
                return fail(p, "unterminated comment");
            p->i = (size_t)(end - p->s) + 3;
            continue;
        }
        if (c == '<') {
            if (!element(p, depth + 1))
                return 0;
            continue;
        }
        if (c == '&') {
            if (!reference(p))
                return 0;
            continue;
        }
        if (c == '>' && p->i >= 2 && p->s[p->i - 1] == ']' && p->s[p->i - 2] == ']')
            return fail(p, "']]>' in text");
        if (xml_char(p) < 0)
            return 0;
    }
}

xc_result xc_check(const char *doc, const char *count_name, size_t *count)
{
    parser p = {.s = doc, .i = 0, .count_name = count_name, .count = count};
    p.r.ok = 1;
    if (count)
        *count = 0;
    if (strncmp(doc, "<?xml ", 6) == 0) {
        const char *end = strstr(doc, "?>");
        if (end == NULL) {
            fail(&p, "unterminated XML declaration");
            return p.r;
        }
        p.i = (size_t)(end - doc) + 2;
    }
    spaces(&p);
    /* A document type declaration without an internal subset (the HTML
     * report's "<!DOCTYPE html>"). */
    if (strncmp(doc + p.i, "<!DOCTYPE ", 10) == 0) {
        const char *end = strchr(doc + p.i, '>');
        if (end == NULL || memchr(doc + p.i, '[', (size_t)(end - doc - (long)p.i)) != NULL) {
            fail(&p, "unterminated or unsupported document type declaration");
            return p.r;
        }
        p.i = (size_t)(end - doc) + 1;
        spaces(&p);
    }
    if (doc[p.i] != '<') {
        fail(&p, "expected the root element");
        return p.r;
    }
    element(&p, 0);
    if (p.r.ok) {
        spaces(&p);
        if (doc[p.i] != '\0')
            fail(&p, "content after the root element");
    }
    return p.r;
}

int xc_attr(const char *doc, const char *elem, size_t n, const char *attr, char *buf,
            size_t size)
{
    char open[64];
    snprintf(open, sizeof open, "<%s ", elem);
    const char *at = doc;
    for (size_t k = 0;; k++) {
        at = strstr(at, open);
        if (at == NULL)
            return -1;
        if (k == n)
            break;
        at++;
    }
    const char *end = strchr(at, '>');
    char key[64];
    snprintf(key, sizeof key, " %s=\"", attr);
    const char *v = strstr(at, key);
    if (v == NULL || v > end)
        return -1;
    v += strlen(key);
    size_t o = 0;
    while (*v && *v != '"' && o + 1 < size) {
        if (*v == '&') {
            static const char *const ents[][2] = {{"&amp;", "&"}, {"&lt;", "<"},
                                                  {"&gt;", ">"}, {"&quot;", "\""},
                                                  {"&apos;", "'"}, {"&#10;", "\n"},
                                                  {"&#13;", "\r"}, {"&#9;", "\t"}};
            int found = 0;
            for (size_t k = 0; k < sizeof ents / sizeof ents[0]; k++)
                if (strncmp(v, ents[k][0], strlen(ents[k][0])) == 0) {
                    buf[o++] = ents[k][1][0];
                    v += strlen(ents[k][0]);
                    found = 1;
                    break;
                }
            if (!found)
                buf[o++] = *v++;
        } else {
            buf[o++] = *v++;
        }
    }
    buf[o] = '\0';
    return 0;
}
