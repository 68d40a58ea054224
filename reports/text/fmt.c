/*
 * fmt.c — human units (see fmt.h).
 */
#include "reports/text/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/core/stats.h"
#include "sim/core/units.h"

/* "12.50" -> "12.5", "3.00" -> "3". */
static void trim_zeros(char *s)
{
    char *dot = strchr(s, '.');
    if (dot == NULL)
        return;
    char *end = s + strlen(s) - 1;
    while (end > dot && *end == '0')
        *end-- = '\0';
    if (end == dot)
        *end = '\0';
}

static int special(double v, char *buf, size_t size)
{
    if (isnan(v)) {
        snprintf(buf, size, "-");
        return 1;
    }
    if (isinf(v)) {
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
        return 1;
    }
    return 0;
}

/* Durations and sizes are sim/core/units.h's human forms (one implementation for
 * the whole program); a zero duration reads "0s" here, as a table of RPOs
 * wants. */
char *fmt_duration(double seconds, char *buf, size_t size)
{
    if (special(seconds, buf, size))
        return buf;
    if (seconds == 0)
        snprintf(buf, size, "0s");
    else
        units_human(UNITS_DURATION, seconds, buf, size);
    return buf;
}

char *fmt_size(double bytes, char *buf, size_t size)
{
    if (special(bytes, buf, size))
        return buf;
    units_human(UNITS_SIZE, bytes, buf, size);
    return buf;
}

char *fmt_count(double n, char *buf, size_t size)
{
    if (special(n, buf, size))
        return buf;
    /* From 10,000 on (below, every digit fits): thousands read "12.3k". */
    static const struct {
        double at, unit;
        const char *suffix;
    } big[] = {{1e12, 1e12, "T"}, {1e9, 1e9, "G"}, {1e6, 1e6, "M"}, {1e4, 1e3, "k"}};
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++)
        if (fabs(n) >= big[i].at) {
            snprintf(buf, size, "%.1f%s", n / big[i].unit, big[i].suffix);
            return buf;
        }
    if (n == floor(n)) {
        snprintf(buf, size, "%.0f", n);
    } else {
        snprintf(buf, size, fabs(n) < 100 ? "%.2f" : "%.1f", n);
        trim_zeros(buf);
    }
    return buf;
}

char *fmt_money(double amount, char *buf, size_t size)
{
    if (special(amount, buf, size))
        return buf;
    /* Cents below 10,000 (a bill's line reads to the cent); above, as a
     * count ("12.3k"): a table's column stays narrow. */
    if (fabs(amount) >= 1e4)
        return fmt_count(amount, buf, size);
    snprintf(buf, size, "%.2f", amount);
    return buf;
}

char *fmt_share(double share, char *buf, size_t size)
{
    if (special(share, buf, size))
        return buf;
    double pct = share * 100;
    if (fabs(pct - round(pct)) < 1e-9 * (1 + fabs(pct)))
        snprintf(buf, size, "%.0f%%", pct);
    else
        snprintf(buf, size, pct < 0.1 ? "%.2f%%" : "%.1f%%", pct);
    return buf;
}

char *fmt_metric(oc_metric m, double v, char *buf, size_t size)
{
    if (isinf(v) && oc_metrics[m].absent_is_worst) {
        snprintf(buf, size, "%s", oc_metrics[m].worst_label);
        return buf;
    }
    switch (oc_metrics[m].unit) {
    case OC_UNIT_SECONDS: return fmt_duration(v, buf, size);
    case OC_UNIT_BYTES:   return fmt_size(v, buf, size);
    case OC_UNIT_COUNT:   return fmt_count(v, buf, size);
    case OC_UNIT_SHARE:   return fmt_share(v, buf, size);
    case OC_UNIT_MONEY:   return fmt_money(v, buf, size);
    }
    return fmt_count(v, buf, size);
}

char *fmt_stat(oc_metric m, const char *stat, double v, char *buf, size_t size)
{
    if (stats_stat_find(stat) == STATS_N)
        return fmt_count(v, buf, size);
    return fmt_metric(m, v, buf, size);
}

char *fmt_delta(oc_metric m, double a, double b, char *buf, size_t size)
{
    if (isnan(a) || isnan(b)) {
        snprintf(buf, size, "-");
        return buf;
    }
    if (isinf(a) || isinf(b)) {
        snprintf(buf, size, a == b ? "=" : "n/a");
        return buf;
    }
    double d = b - a;
    if (d == 0) {
        snprintf(buf, size, "=");
        return buf;
    }
    char sig[FMT_MAX];
    fmt_signed(m, d, sig, sizeof sig);
    if (a != 0 && oc_metrics[m].unit != OC_UNIT_SHARE)
        snprintf(buf, size, "%s (%+.0f%%)", sig, d / fabs(a) * 100);
    else
        snprintf(buf, size, "%s", sig);
    return buf;
}

char *fmt_signed(oc_metric m, double d, char *buf, size_t size)
{
    if (isnan(d)) {
        snprintf(buf, size, "-");
        return buf;
    }
    if (isinf(d)) {
        snprintf(buf, size, "%s", d > 0 ? "+inf" : "-inf");
        return buf;
    }
    if (d == 0) {
        snprintf(buf, size, "0");
        return buf;
    }
    char abs_[FMT_MAX];
    if (oc_metrics[m].unit == OC_UNIT_SHARE) {
        char pts[32];
        snprintf(pts, sizeof pts, "%.1f", fabs(d) * 100);
        trim_zeros(pts);
        snprintf(abs_, sizeof abs_, "%s pts", pts);
    } else {
        fmt_metric(m, fabs(d), abs_, sizeof abs_);
    }
    snprintf(buf, size, "%s%s", d > 0 ? "+" : "-", abs_);
    return buf;
}

char *fmt_clock(long long t_us, int ms, char *buf, size_t size)
{
    const char *sign = t_us < 0 ? "-" : "+";
    /* Negated as unsigned: -INT64_MIN does not exist as a long long. */
    unsigned long long u = t_us < 0 ? 0ULL - (unsigned long long)t_us : (unsigned long long)t_us;
    unsigned long long s = u / 1000000ULL, frac = (u % 1000000ULL) / 1000ULL;
    unsigned long long d = s / 86400, h = (s / 3600) % 24, mi = (s / 60) % 60, se = s % 60;
    char days[32] = "";
    if (d)
        snprintf(days, sizeof days, "%llud ", d);
    if (ms)
        snprintf(buf, size, "%s%s%02llu:%02llu:%02llu.%03llu", sign, days, h, mi, se, frac);
    else
        snprintf(buf, size, "%s%s%02llu:%02llu:%02llu", sign, days, h, mi, se);
    return buf;
}
