/*
 * units.h — quantities with units as scenario files write them, and their
 * formatting, both loadable and human. (Distributions of quantities:
 * models/scenario/disttext.h.)
 *
 * Base units: seconds, bytes, events per second, bytes per second. Syntax:
 *   duration   500ms  30s  15m  2h  1d  1h30m  (also us; components in
 *              decreasing order, spaces allowed between them); a bare 0
 *   size       512B  16KB 16KiB  1MB 1MiB  1GB 1GiB  1TB 1TiB  (KB = 1000,
 *              KiB = 1024); a bare 0
 *   rate       150/s  2/min  30/h  1/d  (events per unit of time); a bare 0
 *   byte rate  40MB/s  500KiB/s  1GB/min  (a size per unit of time); a bare 0
 *   number     1.5  -2  3e-4
 *   probability a number in [0, 1]
 * Numbers are decimal ([+-]digits[.digits][e[+-]digits]); hexadecimal,
 * infinity and NaN are rejected, and so is anything that overflows a double.
 * Quantities with units cannot be negative.
 *
 * Exactness: formatting is the inverse of parsing — units_format_* produce
 * the shortest text (in a preferred unit) that parses back to the very same
 * double, so a printed scenario loads back bit for bit.
 *
 * Errors: parsing returns ERR_INPUT with a message in *e of the form
 * "what is wrong (what was expected)"; *out is unchanged then.
 */
#ifndef DRSIM_UNITS_H
#define DRSIM_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/core/err.h"

typedef enum units_kind {
    UNITS_DURATION = 0, /* seconds */
    UNITS_SIZE,         /* bytes */
    UNITS_RATE,         /* events per second */
    UNITS_BYTE_RATE,    /* bytes per second */
    UNITS_NUMBER,       /* a plain number */
    UNITS_PROBABILITY   /* a plain number in [0, 1] */
} units_kind;

/* What is expected for kind, for messages: "a duration such as 15m or 2h"
 * (with_dist adds the distribution example). Static text. */
const char *units_expected(units_kind kind, bool with_dist);

/* A short name: "duration", "size", "rate", "byte rate", "number",
 * "probability". */
const char *units_kind_name(units_kind kind);

/* Parses one fixed value of kind from text (the whole string). Returns ERR_OK
 * with *out set, or ERR_INPUT with a message in *e. */
err_code units_parse(units_kind kind, const char *text, double *out, err_msg *e);

/* As units_parse, from text[0..len), with no "(expected ...)" suffix on the
 * message and no check for a distribution: the building block of
 * distributions' arguments. */
err_code units_parse_n(units_kind kind, const char *text, size_t len, double *out,
                       err_msg *e);

/* Loadable, canonical text for a value: "1h30m", "500ms", "0s", "1.5GiB",
 * "150/s", "40MB/s", "0.05". Writes at most n bytes (NUL included) and
 * returns the length the full text needs (as snprintf). */
size_t units_format(units_kind kind, double v, char *buf, size_t n);
size_t units_format_duration(double seconds, char *buf, size_t n);
/* A simulated instant (microseconds from time 0, a Monday 00:00 UTC, as
 * backups and drills read it) as a day of the week and a time to the
 * minute: "Tue 03:59". */
size_t units_format_day_clock(long long t_us, char *buf, size_t n);
size_t units_format_size(double bytes, char *buf, size_t n);
size_t units_format_rate(double per_second, char *buf, size_t n);
size_t units_format_byte_rate(double bytes_per_second, char *buf, size_t n);

/* The shortest decimal text that reads back as x (into out[64]); and x with
 * p significant digits, in fixed notation when that is short. */
void units_shortest(double x, char out[64]);
void units_digits(double x, int p, char out[64]);

/* Human text for tables, rounded: "12m 30s", "1.2 GiB", "40 MB/s",
 * "150/s". Returns the length needed, as snprintf. */
size_t units_human(units_kind kind, double v, char *buf, size_t n);

/* Helpers for messages about quantities: example values of kind (i = 0, 1,
 * 2: small to large, such as "1m", "5m", "10m"); text quoted and cut to 60
 * bytes (a thread-local buffer per slot 0 or 1, valid until that slot's next
 * use); whether w[0..n) is the word lit. */
const char *units_example(units_kind kind, int i);
const char *units_quote(const char *s, size_t len, int slot);
bool units_word_is(const char *w, size_t n, const char *lit);

#endif
