/*
 * fmt.c — human units (see fmt.h).
 */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

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

char *fmt_duration(double seconds, char *buf, size_t size)
{
    if (special(seconds, buf, size))
        return buf;
    const char *sign = seconds < 0 ? "-" : "";
    double s = fabs(seconds);
    char num[32];
    if (s == 0) {
        snprintf(buf, size, "0s");
    } else if (s < 1e-3) {
        snprintf(num, sizeof num, "%.0f", s * 1e6);
        snprintf(buf, size, "%s%sus", sign, num);
    } else if (s < 1) {
        snprintf(num, sizeof num, s < 0.01 ? "%.2f" : s < 0.1 ? "%.1f" : "%.0f", s * 1e3);
        trim_zeros(num);
        snprintf(buf, size, "%s%sms", sign, num);
    } else if (s < 59.95) {
        snprintf(num, sizeof num, s < 10 ? "%.2f" : "%.1f", s);
        trim_zeros(num);
        snprintf(buf, size, "%s%ss", sign, num);
    } else if (s < 3600 - 0.5) {
        long long t = llround(s);
        long long m = t / 60, r = t % 60;
        if (r)
            snprintf(buf, size, "%s%lldm %llds", sign, m, r);
        else
            snprintf(buf, size, "%s%lldm", sign, m);
    } else if (s < 86400 - 30) {
        long long t = llround(s / 60);
        long long h = t / 60, m = t % 60;
        if (m)
            snprintf(buf, size, "%s%lldh %lldm", sign, h, m);
        else
            snprintf(buf, size, "%s%lldh", sign, h);
    } else {
        long long t = llround(s / 3600);
        long long d = t / 24, h = t % 24;
        if (h)
            snprintf(buf, size, "%s%lldd %lldh", sign, d, h);
        else
            snprintf(buf, size, "%s%lldd", sign, d);
    }
    return buf;
}

char *fmt_size(double bytes, char *buf, size_t size)
{
    if (special(bytes, buf, size))
        return buf;
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    const char *sign = bytes < 0 ? "-" : "";
    double v = fabs(bytes);
    int u = 0;
    while (v >= 1024 && u < 6) {
        v /= 1024;
        u++;
    }
    if (u == 0) {
        char num[32];
        snprintf(num, sizeof num, "%.1f", v);
        trim_zeros(num);
        snprintf(buf, size, "%s%s B", sign, num);
    } else {
        snprintf(buf, size, v < 99.95 ? "%s%.1f %s" : "%s%.0f %s", sign, v, units[u]);
    }
    return buf;
}

char *fmt_count(double n, char *buf, size_t size)
{
    if (special(n, buf, size))
        return buf;
    if (n == floor(n) && fabs(n) < 1e15) {
        snprintf(buf, size, "%.0f", n);
    } else {
        snprintf(buf, size, fabs(n) < 100 ? "%.2f" : "%.1f", n);
        trim_zeros(buf);
    }
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
    if (isinf(v) && stats_absent_is_worst(m)) {
        snprintf(buf, size, "%s", stats_worst_label(m));
        return buf;
    }
    switch (oc_metrics[m].unit) {
    case OC_UNIT_SECONDS: return fmt_duration(v, buf, size);
    case OC_UNIT_BYTES:   return fmt_size(v, buf, size);
    case OC_UNIT_COUNT:   return fmt_count(v, buf, size);
    case OC_UNIT_SHARE:   return fmt_share(v, buf, size);
    }
    return fmt_count(v, buf, size);
}

char *fmt_stat(oc_metric m, const char *stat, double v, char *buf, size_t size)
{
    if (strcmp(stat, "n") == 0)
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
    char abs_[FMT_MAX];
    if (oc_metrics[m].unit == OC_UNIT_SHARE) {
        char pts[32];
        snprintf(pts, sizeof pts, "%.1f", fabs(d) * 100);
        trim_zeros(pts);
        snprintf(abs_, sizeof abs_, "%s pts", pts);
    } else {
        fmt_metric(m, fabs(d), abs_, sizeof abs_);
    }
    if (a != 0 && oc_metrics[m].unit != OC_UNIT_SHARE)
        snprintf(buf, size, "%s%s (%+.0f%%)", d > 0 ? "+" : "-", abs_, d / fabs(a) * 100);
    else
        snprintf(buf, size, "%s%s", d > 0 ? "+" : "-", abs_);
    return buf;
}

char *fmt_clock(long long t_us, int ms, char *buf, size_t size)
{
    const char *sign = t_us < 0 ? "-" : "+";
    unsigned long long u = (unsigned long long)(t_us < 0 ? -t_us : t_us);
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
