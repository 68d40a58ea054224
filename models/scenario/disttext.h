/*
 * disttext.h — distributions of quantities as scenario files write them:
 * parsing and printing, exact inverses of each other.
 *
 * Syntax, in the quantity's unit (sim/core/units.h) unless noted:
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
 * Errors: parsing returns ERR_INPUT with a message in *e of the form "what
 * is wrong (what was expected)"; *out is unchanged then.
 */
#ifndef DRSIM_DISTTEXT_H
#define DRSIM_DISTTEXT_H

#include <stddef.h>

#include "sim/core/arena.h"
#include "sim/core/err.h"
#include "sim/core/units.h"
#include "sim/kernel/dist.h"

/* The largest empirical(file=...) file read, in bytes. */
#define DTEXT_EMPIRICAL_FILE_MAX (1024u * 1024u)

/* Parses a distribution of kind (a plain value is DIST_CONST). Empirical
 * values are allocated in `a`; empirical(file=) paths are resolved against
 * base_dir ("" or NULL: the current directory). Returns ERR_OK with *out set;
 * ERR_INPUT with a message in *e; ERR_NOMEM. */
err_code dtext_parse(units_kind kind, const char *text, const char *base_dir, arena *a,
                     dist *out, err_msg *e);

/* Loadable text for a distribution ("uniform(2m, 5m)",
 * "lognormal(p50=45s, p99=12m)", "empirical([1m, 2m])"); parsing it gives
 * back the same dist (a lognormal given by quantiles is printed by quantiles
 * when they reproduce mu and sigma exactly, else by mu and sigma). Writes at
 * most n bytes (NUL included) and returns the length needed, as snprintf. */
size_t dtext_format(const dist *d, units_kind kind, char *buf, size_t n);

#endif
