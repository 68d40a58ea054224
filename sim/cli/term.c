/*
 * term.c — escaped, wrapped, sparingly coloured output for the terminal
 * (term.h).
 *
 * A line is escaped first (so that its width is counted on what will be
 * shown), then cut into pieces of at most `width` columns at the last blank
 * before the limit (a word longer than a line is cut where it must be).
 * Columns are counted in UTF-8 code points: escaping leaves only printable
 * text.
 */
#include "sim/cli/term.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sim/core/escape.h"
#include "sim/core/mem.h"
#include "sim/core/utf8.h"

size_t term_width(void)
{
    struct winsize ws;
    size_t w = 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        w = ws.ws_col;
    if (w == 0) {
        const char *c = getenv("COLUMNS");
        long v = c ? strtol(c, NULL, 10) : 0;
        w = v > 0 ? (size_t)v : 80;
    }
    return w < 20 ? 20 : w;
}

bool term_color(void)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
    return (no == NULL || *no == '\0') && isatty(STDOUT_FILENO) &&
           (term == NULL || strcmp(term, "dumb") != 0);
}

/* The byte length of the longest prefix of s[0..n) of at most `cols` code
 * points. */
static size_t prefix_of(const char *s, size_t n, size_t cols)
{
    size_t i = 0, c = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && !utf8_starts_char((unsigned char)s[j]))
            j++;
        if (c + 1 > cols)
            break;
        c++;
        i = j;
    }
    return i;
}

size_t term_columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x20 || b == 0x7f)
            c += 2;
        else
            c += (size_t)utf8_starts_char(b);
    }
    return c;
}

/* The columns s takes once escaped (what term_write shows); SIZE_MAX when
 * out of memory. */
static size_t shown_columns(const char *s)
{
    size_t need = esc_text(s, NULL, 0);
    char *safe = mem_malloc(need + 1);
    if (safe == NULL)
        return SIZE_MAX;
    esc_text(s, safe, need + 1);
    size_t c = utf8_count(safe, need);
    mem_free(safe);
    return c;
}

void term_caret(strbuf *out, const char *line, size_t col, const char *message, size_t width)
{
    size_t len = strlen(line), at = col > 0 ? col - 1 : 0;
    if (at > len)
        at = len;
    /* Counted on the escaped text, which is what term_write shows: a tab
     * typed in the line is two columns there ("\t"), and so in its head. */
    char *head = mem_strndup(line, at);
    size_t pad = head != NULL ? shown_columns(head) : SIZE_MAX;
    size_t all = shown_columns(line);
    mem_free(head);
    if (pad == SIZE_MAX || all == SIZE_MAX || 2 + all > width || 2 + pad + 1 > width)
        sb_printf(out, "  column %zu: %s\n", col, message);
    else
        sb_printf(out, "  %s\n  %*s^ %s\n", line, (int)pad, "", message);
}

static const char *color_of(const char *line)
{
    if (strstr(line, "] ALERT ") != NULL)
        return "\033[1;31m";
    if (strstr(line, "REFUSED: ") != NULL || strncmp(line, "  FAIL", 6) == 0)
        return "\033[33m";
    if (strstr(line, "] STATUS PAGE ") != NULL)
        return "\033[36m";
    return NULL;
}

static bool write_line(FILE *out, const char *line, size_t width, bool color)
{
    char *safe = NULL;
    size_t need = esc_text(line, NULL, 0);
    safe = malloc(need + 1);
    if (safe == NULL)
        return false;
    esc_text(line, safe, need + 1);
    const char *on = color ? color_of(safe) : NULL;
    if (on)
        fputs(on, out);
    const char *p = safe;
    size_t n = strlen(safe), indent = 0;
    while (n > 0) {
        size_t room = width > indent ? width - indent : 1;
        size_t take = n;
        if (utf8_count(p, n) > room) {
            take = prefix_of(p, n, room);
            size_t blank = take;
            while (blank > 0 && p[blank] != ' ')
                blank--;
            if (blank > 0)
                take = blank;
        }
        fprintf(out, "%*s%.*s\n", (int)indent, "", (int)take, p);
        p += take;
        n -= take;
        while (n > 0 && *p == ' ') {
            p++;
            n--;
        }
        indent = 2;
    }
    if (strlen(safe) == 0)
        fputc('\n', out);
    if (on)
        fputs("\033[0m", out);
    free(safe);
    return !ferror(out);
}

bool term_write(FILE *out, const char *text, size_t width, bool color)
{
    clearerr(out);
    const char *p = text;
    bool ok = true;
    while (ok && *p != '\0') {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *line = malloc(len + 1);
        if (line == NULL)
            return false;
        memcpy(line, p, len);
        line[len] = '\0';
        ok = write_line(out, line, width, color);
        free(line);
        p += len + (nl ? 1 : 0);
    }
    fflush(out);
    return ok;
}
