/*
 * xml.c — XML and XHTML escaping (see xml.h).
 */
#include "xml.h"

#include <stdbool.h>
#include <stdint.h>

size_t xml_char_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return (s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') ? 1 : 0;
    size_t n;
    uint32_t cp;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2;
        cp = s[0] & 0x1Fu;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3;
        cp = s[0] & 0x0Fu;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF)
        return 0;
    return n;
}

static void escape(FILE *out, const char *s, bool attribute)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        switch (*p) {
        case '&': fputs("&amp;", out); p++; continue;
        case '<': fputs("&lt;", out); p++; continue;
        case '>': fputs("&gt;", out); p++; continue;
        case '"': fputs("&quot;", out); p++; continue;
        case '\'': fputs("&apos;", out); p++; continue;
        case '\n': fputs(attribute ? "&#10;" : "\n", out); p++; continue;
        case '\r': fputs("&#13;", out); p++; continue;
        case '\t': fputs(attribute ? "&#9;" : "\t", out); p++; continue;
        default: break;
        }
        size_t n = xml_char_len(p);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", out);
            p++;
        } else {
            fwrite(p, 1, n, out);
            p += n;
        }
    }
}

void xml_text(FILE *out, const char *s)
{
    escape(out, s, false);
}

void xml_attr(FILE *out, const char *s)
{
    escape(out, s, true);
}
