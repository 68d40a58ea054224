/*
 * xml.c — XML and XHTML escaping (see xml.h).
 */
#include "sim/core/xml.h"

#include <stdbool.h>
#include <stdint.h>

#include <string.h>

#include "sim/core/utf8.h"

size_t xml_char_len(const unsigned char *s)
{
    uint32_t cp = 0;
    size_t n = utf8_decode(s, strnlen((const char *)s, 4), &cp);
    /* XML 1.0 forbids C0 controls but tab, LF and CR, and U+FFFE/FFFF; DEL
     * and C1 controls are "discouraged" there and would drive a terminal
     * the page is printed on: replaced too. */
    if (n == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
        (cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF)
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
