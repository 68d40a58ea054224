/*
 * table.c — aligned text tables (see table.h).
 *
 * Invariant: cells holds ncells strings, row-major, ncols per row; the last
 * row may be incomplete while cells are being added (printed padded).
 */
#include "reports/text/table.h"

#include <stdarg.h>
#include <string.h>

#include "sim/core/escape.h"
#include "sim/core/mem.h"
#include "sim/core/utf8.h"

struct tbl {
    size_t ncols;
    int indent;
    bool *right;
    char **cells;
    size_t ncells, cap;
    bool failed;
};

tbl *tbl_new(size_t ncols, int indent)
{
    tbl *t = mem_calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->ncols = ncols ? ncols : 1;
    t->indent = indent;
    t->right = mem_calloc(t->ncols, sizeof *t->right);
    if (t->right == NULL) {
        mem_free(t);
        return NULL;
    }
    return t;
}

void tbl_free(tbl *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->ncells; i++)
        mem_free(t->cells[i]);
    mem_free(t->cells);
    mem_free(t->right);
    mem_free(t);
}

void tbl_align_right(tbl *t, size_t col)
{
    if (t != NULL && col < t->ncols)
        t->right[col] = true;
}

static void add_cell(tbl *t, const char *text)
{
    char *copy = mem_strdup(text);
    if (copy == NULL || mem_grow((void **)&t->cells, &t->cap, t->ncells + 1, sizeof *t->cells)) {
        mem_free(copy);
        t->failed = true;
        return;
    }
    t->cells[t->ncells++] = copy;
}

void tbl_cell(tbl *t, const char *fmt, ...)
{
    if (t == NULL || t->failed)
        return;
    char buf[1024], safe[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    esc_text(buf, safe, sizeof safe);
    add_cell(t, safe);
}

void tbl_cell_raw(tbl *t, const char *fmt, ...)
{
    if (t == NULL || t->failed)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    add_cell(t, buf);
}

size_t tbl_width(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (p[0] == 0x1B && p[1] == '[') {
            /* A colour (CSI) sequence takes no room: skip to its final byte. */
            p += 2;
            while (*p && !(*p >= 0x40 && *p <= 0x7E))
                p++;
            if (*p == '\0')
                break;
            continue;
        }
        n += (size_t)utf8_starts_char(*p);
    }
    return n;
}

err_code tbl_print(const tbl *t, FILE *out, bool rule)
{
    if (t == NULL || t->failed)
        return ERR_NOMEM;
    size_t width[64] = {0};
    size_t ncols = t->ncols < 64 ? t->ncols : 64;
    for (size_t i = 0; i < t->ncells; i++) {
        size_t c = i % t->ncols;
        if (c < ncols) {
            size_t w = tbl_width(t->cells[i]);
            if (w > width[c])
                width[c] = w;
        }
    }
    size_t nrows = (t->ncells + t->ncols - 1) / t->ncols;
    for (size_t r = 0; r < nrows; r++) {
        fprintf(out, "%*s", t->indent, "");
        /* Trailing blanks are left off: the last non-empty cell ends the line. */
        size_t last = 0;
        for (size_t c = 0; c < ncols; c++) {
            size_t i = r * t->ncols + c;
            if (i < t->ncells && t->cells[i][0] != '\0')
                last = c;
        }
        for (size_t c = 0; c <= last; c++) {
            size_t i = r * t->ncols + c;
            const char *cell = i < t->ncells ? t->cells[i] : "";
            size_t pad = width[c] - tbl_width(cell);
            if (c > 0)
                fputs("  ", out);
            if (t->right[c])
                fprintf(out, "%*s%s", (int)pad, "", cell);
            else if (c < last)
                fprintf(out, "%s%*s", cell, (int)pad, "");
            else
                fputs(cell, out);
        }
        fputc('\n', out);
        if (r == 0 && rule) {
            fprintf(out, "%*s", t->indent, "");
            for (size_t c = 0; c < ncols; c++) {
                if (c > 0)
                    fputs("  ", out);
                for (size_t k = 0; k < width[c]; k++)
                    fputc('-', out);
            }
            fputc('\n', out);
        }
    }
    return ferror(out) ? ERR_IO : ERR_OK;
}
