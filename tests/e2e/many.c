/*
 * many.c — a run with more variants than fit side by side: what `drsim run`
 * suggests works. compare pages its columns (every variant shown, 'better'
 * over all); report charts the variants that rank best and says so, while
 * its CSV holds every one.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/helpers.h"

/* Two strategies over a sweep of `values` monitoring delays: 2 x values
 * variants. */
static const char *many_variants(const char *dir, int values)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/many.yaml", dir);
    char sweep[2048] = "";
    size_t len = 0;
    for (int i = 1; i <= values; i++)
        len += (size_t)snprintf(sweep + len, sizeof sweep - len, "%s%dm", i > 1 ? ", " : "", i);
    char text[4096];
    snprintf(text, sizeof text,
             "drsim: 1\nname: many\ntrials: 20\n"
             "storage:\n  - {name: data, region: westeurope, redundancy: GRS,\n"
             "     writes: {rate: 10/s}}\n"
             "vms:\n  - {name: web, region: westeurope}\n"
             "apps:\n  - {name: shop, tiers: [web], data: [data]}\n"
             "strategies:\n  - {name: wait, kind: wait}\n"
             "  - {name: restore, kind: geo-restore}\n"
             "outages:\n  - {region: westeurope, at: uniform(1d, 2d), duration: 6h}\n"
             "sweep:\n  detection.monitor: [%s]\n",
             sweep);
    cr_assert_eq(th_write_file(path, text), 0);
    return path;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

Test(many, thirty_four_variants_compare_and_report_as_run_suggests)
{
    const char *d = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/m.db", d);
    th_result r = th_drsim_run("run", many_variants(d, 17), "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "report: drsim report 1") != NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("compare", "1", "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "34 variants, shown 8 at a time") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "variants 33 to 34 of 34") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "restore[monitor=17m]") != NULL);
    th_result_free(&r);
    r = th_drsim_run("compare", "1", "--db", db, "--json", NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "\"1:wait[monitor=9m]\"") != NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("report", "1", "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "left-out") == NULL, "34 variants fit one report");
    th_result_free(&r);
}

Test(many, beyond_a_reports_width_the_best_are_charted_and_the_csv_has_all)
{
    const char *d = th_tmpdir();
    char db[600];
    snprintf(db, sizeof db, "%s/m.db", d);
    th_result r = th_drsim_run("run", many_variants(d, 40), "--db", db, "--quiet", NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    r = th_drsim_run("report", "1", "--db", db, NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "80 variants were selected; this report shows the 64 with the lowest "
                            "RTO p95") != NULL,
              "the note is missing");
    th_result_free(&r);
    r = th_drsim_run("report", "1", "--db", db, "--format", "md", NULL);
    th_expect(&r, 0);
    cr_assert(strstr(r.out, "> 80 variants were selected") != NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("report", "1", "--db", db, "--format", "csv", NULL);
    th_expect(&r, 0);
    /* A header and 20 trials of each of the 80 variants. */
    cr_assert_eq(count(r.out, "\r\n"), 1 + 80 * 20);
    th_result_free(&r);
}
