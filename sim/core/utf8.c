/*
 * utf8.c — the strict UTF-8 decoder (see utf8.h).
 */
#include "sim/core/utf8.h"

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        if (cp)
            *cp = c;
        return 1;
    }
    size_t need;
    uint32_t min;
    if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n <= need)
        return 0;
    uint32_t v = c & (0x3fu >> need);
    for (size_t k = 1; k <= need; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3fu);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    if (cp)
        *cp = v;
    return need + 1;
}

size_t utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += (size_t)utf8_starts_char((unsigned char)s[i]);
    return count;
}
