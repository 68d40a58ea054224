/*
 * table.h — aligned text tables for the terminal.
 *
 * A table has a fixed number of columns; cells are added left to right, row
 * after row; the first row is the header. Columns are as wide as their widest
 * cell, counted in characters (UTF-8 code points), separated by two spaces;
 * numbers read best right-aligned (tbl_align). The header is underlined
 * when `rule` is set.
 *
 * Errors: an allocation failure is remembered and tbl_print returns ERR_NOMEM
 * (printing nothing). Ownership: the table copies every cell; tbl_free
 * releases it all and accepts NULL.
 */
#ifndef DRSIM_TABLE_H
#define DRSIM_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sim/core/err.h"

typedef struct tbl tbl;

/* A table of ncols columns (NULL when out of memory). indent spaces precede
 * each line. */
tbl *tbl_new(size_t ncols, int indent);
void tbl_free(tbl *t);

/* Right-aligns column col (default: left). */
void tbl_align_right(tbl *t, size_t col);

/* Adds the next cell (printf-style). */
void tbl_cell(tbl *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* tbl_cell escapes every control character of the cell's text (sim/core/
 * escape.h): names and text from a file or a database reach the terminal
 * safe. tbl_cell_raw keeps them, for the one thing a cell may hold on
 * purpose: drsim's own colour sequences around its own words. */
void tbl_cell_raw(tbl *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the table; `rule` underlines the header. Returns ERR_OK, ERR_NOMEM
 * (an earlier allocation failed) or ERR_IO (the stream failed). */
err_code tbl_print(const tbl *t, FILE *out, bool rule);

/* Display width of a UTF-8 string: code points, not counting colour escape
 * sequences (ESC [ ... final byte). */
size_t tbl_width(const char *s);

#endif
