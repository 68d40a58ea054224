/*
 * fmt.h — figures as people read them: durations ("12m 30s"), sizes
 * ("1.2 GiB"), counts, shares, and a metric's value by its unit.
 *
 * Durations and sizes are those of units_human (sim/core/units.h): "350ms",
 * "12.5s", "12m 30s", "2h 5m", "3d 4h"; "512 B", "1.2 KiB", "12.5 MiB"; a
 * zero duration is "0s". Counts of 10,000 and more are "12.3k", "4.5M". A value that
 * is infinite because absent trials count as the worst (stats.h) reads as the
 * metric's worst label ("lost", "never"); NAN reads as "-".
 *
 * Every function writes a NUL-terminated string of at most size - 1 bytes
 * into buf and returns buf; nothing allocates.
 */
#ifndef DRSIM_FMT_H
#define DRSIM_FMT_H

#include <stddef.h>

#include "models/outcome.h"

#define FMT_MAX 48

char *fmt_duration(double seconds, char *buf, size_t size);
char *fmt_size(double bytes, char *buf, size_t size);
char *fmt_count(double n, char *buf, size_t size);
/* An amount of money: 2 decimals below 10,000 ("1234.50"), then as a count
 * ("12.3k"); no currency (the caller names it). */
char *fmt_money(double amount, char *buf, size_t size);
char *fmt_share(double share, char *buf, size_t size);

/* A value of metric m in its unit. */
char *fmt_metric(oc_metric m, double v, char *buf, size_t size);

/* b - a for metric m in its unit with a sign, and the relative change when a
 * is finite and not 0: "+12m 30s (+25%)". */
char *fmt_delta(oc_metric m, double a, double b, char *buf, size_t size);

/* A signed difference d of metric m's values: "+20m", "-1.5 pts" (a
 * share), "0", "+inf"; "-" for NAN. */
char *fmt_signed(oc_metric m, double d, char *buf, size_t size);

/* An expectation threshold or observed value of metric m for the statistic
 * `stat` ("n" is a plain count whatever the metric). */
char *fmt_stat(oc_metric m, const char *stat, double v, char *buf, size_t size);

/* A timeline offset in microseconds: "+1d 03:15:07.250" (days only when
 * non-zero, milliseconds only when `ms`). */
char *fmt_clock(long long t_us, int ms, char *buf, size_t size);

#endif
