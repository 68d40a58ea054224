/*
 * units.h — quantities with units, and distributions of them, as scenario
 * files write them; and their formatting, both loadable and human.
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
 * Distributions (units_parse_dist), in the quantity's unit unless noted:
 *   VALUE                              the constant
 *   uniform(LOW, HIGH)
 *   exponential(mean=M)
 *   normal(mean=M, sd=S)               truncated at 0
 *   lognormal(p50=A, p99=B)            median A, 99th percentile B
 *   lognormal(mu=M, sigma=S)           M and S are plain numbers: the mean
 *                                      and sd of the natural log of the value
 *                                      in base units (seconds, bytes, ...)
 *   weibull(shape=K, scale=L)          K a plain number
 *   triangular(MIN, MODE, MAX)
 *   empirical([V1, V2, ...])
 *   empirical(file=PATH)               one value per line; blank lines and
 *                                      lines starting with # are skipped;
 *                                      PATH relative to the scenario's folder;
 *                                      a regular file of at most 1 MiB
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

#include "arena.h"
#include "dist.h"
#include "err.h"

typedef enum units_kind {
    UNITS_DURATION = 0, /* seconds */
    UNITS_SIZE,         /* bytes */
    UNITS_RATE,         /* events per second */
    UNITS_BYTE_RATE,    /* bytes per second */
    UNITS_NUMBER,       /* a plain number */
    UNITS_PROBABILITY   /* a plain number in [0, 1] */
} units_kind;

/* The largest empirical(file=...) file read, in bytes. */
#define UNITS_EMPIRICAL_FILE_MAX (1024u * 1024u)

/* What is expected for kind, for messages: "a duration such as 15m or 2h"
 * (with_dist adds the distribution example). Static text. */
const char *units_expected(units_kind kind, bool with_dist);

/* A short name: "duration", "size", "rate", "byte rate", "number",
 * "probability". */
const char *units_kind_name(units_kind kind);

/* Parses one fixed value of kind from text (the whole string). Returns ERR_OK
 * with *out set, or ERR_INPUT with a message in *e. */
err_code units_parse(units_kind kind, const char *text, double *out, err_msg *e);

/* Parses a distribution of kind (a plain value is DIST_CONST). Empirical
 * values are allocated in `a`; empirical(file=) paths are resolved against
 * base_dir ("" or NULL: the current directory). Returns ERR_OK with *out set;
 * ERR_INPUT with a message in *e; ERR_NOMEM. */
err_code units_parse_dist(units_kind kind, const char *text, const char *base_dir, arena *a,
                          dist *out, err_msg *e);

/* Loadable, canonical text for a value: "1h30m", "500ms", "0s", "1.5GiB",
 * "150/s", "40MB/s", "0.05". Writes at most n bytes (NUL included) and
 * returns the length the full text needs (as snprintf). */
size_t units_format(units_kind kind, double v, char *buf, size_t n);
size_t units_format_duration(double seconds, char *buf, size_t n);
size_t units_format_size(double bytes, char *buf, size_t n);
size_t units_format_rate(double per_second, char *buf, size_t n);
size_t units_format_byte_rate(double bytes_per_second, char *buf, size_t n);

/* Loadable text for a distribution ("uniform(2m, 5m)",
 * "lognormal(p50=45s, p99=12m)", "empirical([1m, 2m])"); parsing it gives
 * back the same dist (a lognormal given by quantiles is printed by quantiles
 * when they reproduce mu and sigma exactly, else by mu and sigma). Returns the
 * length needed, as snprintf. */
size_t units_format_dist(const dist *d, units_kind kind, char *buf, size_t n);

/* Human text for tables, rounded: "12m 30s", "1.2 GiB", "40 MB/s",
 * "150/s". Returns the length needed, as snprintf. */
size_t units_human(units_kind kind, double v, char *buf, size_t n);

#endif
