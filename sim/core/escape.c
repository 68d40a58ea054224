/*
 * escape.c — terminal-safe text (see escape.h).
 *
 * One walk over the text with the strict UTF-8 decoder: a valid sequence
 * that is not a control character is copied, anything else becomes its
 * escape. The output is counted even where it does not fit, as snprintf.
 */
#include "sim/core/escape.h"

#include <stdint.h>
#include <string.h>

#include "sim/core/strbuf.h"
#include "sim/core/utf8.h"

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

static size_t escape(const char *s, bool keep_lines, char *buf, size_t n)
{
    sb_fixed b = sb_fixed_init(buf, n);
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t cp = 0;
        size_t k = utf8_decode(p, strnlen((const char *)p, 4), &cp);
        if (k == 0) {
            sb_fixed_printf(&b, "\\x%02x", *p);
            p++;
            continue;
        }
        if (!is_control(cp) || (keep_lines && (cp == '\n' || cp == '\t'))) {
            sb_fixed_printf(&b, "%.*s", (int)k, (const char *)p);
        } else {
            switch (cp) {
            case '\n': sb_fixed_printf(&b, "\\n"); break;
            case '\t': sb_fixed_printf(&b, "\\t"); break;
            case '\r': sb_fixed_printf(&b, "\\r"); break;
            case 0x1b: sb_fixed_printf(&b, "\\e"); break;
            default:
                sb_fixed_printf(&b, cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
                break;
            }
        }
        p += k;
    }
    return sb_fixed_done(&b);
}

size_t esc_text(const char *s, char *buf, size_t n)
{
    return escape(s, false, buf, n);
}

size_t esc_multiline(const char *s, char *buf, size_t n)
{
    return escape(s, true, buf, n);
}

const char *esc_tmp(const char *s)
{
    static _Thread_local char slots[8][4096];
    static _Thread_local unsigned next;
    char *b = slots[next++ % 8];
    size_t need = esc_text(s, b, sizeof slots[0]);
    if (need >= sizeof slots[0]) {
        /* Cut at a character boundary and say so. */
        size_t end = sizeof slots[0] - 4;
        while (end > 0 && ((unsigned char)b[end] & 0xc0) == 0x80)
            end--;
        memcpy(b + end, "\xe2\x80\xa6", 4);
    }
    return b;
}

bool esc_is_safe(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t cp = 0;
        size_t k = utf8_decode(p, strnlen((const char *)p, 4), &cp);
        if (k == 0 || is_control(cp))
            return false;
        p += k;
    }
    return true;
}

int esc_fputs(const char *s, FILE *f)
{
    if (esc_is_safe(s))
        return fputs(s ? s : "", f);
    char small[512];
    size_t need = esc_text(s, small, sizeof small);
    if (need < sizeof small)
        return fputs(small, f);
    strbuf big = {0};
    /* Rare: a long unsafe text. Escape it piecewise into a heap buffer. */
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        char piece[512]; /* 67 bytes escape to at most 4 characters each */
        size_t take = len - i < 64 ? len - i : 64;
        /* Do not cut a UTF-8 sequence: extend to its end. */
        while (i + take < len && ((unsigned char)s[i + take] & 0xc0) == 0x80)
            take++;
        char chunk[80];
        memcpy(chunk, s + i, take);
        chunk[take] = '\0';
        esc_text(chunk, piece, sizeof piece);
        sb_str(&big, piece);
        i += take;
    }
    int rc = big.oom ? EOF : fputs(sb_text(&big), f);
    sb_free(&big);
    return rc;
}
