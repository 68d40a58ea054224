/*
 * fmt.c — human units in tables, and the shared option parsing.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <string.h>

#include "reports/text/fmt.h"
#include "sim/cli/cli.h"
#include "sim/core/jsonw.h"
#include "sim/core/mem.h"
#include "tests/support/argv.h"

static const char *dur(double s)
{
    static char buf[FMT_MAX];
    return fmt_duration(s, buf, sizeof buf);
}

static const char *size(double b)
{
    static char buf[FMT_MAX];
    return fmt_size(b, buf, sizeof buf);
}

Test(fmt, durations_read_as_people_write_them)
{
    cr_assert_str_eq(dur(0), "0s");
    cr_assert_str_eq(dur(0.35), "350ms");
    cr_assert_str_eq(dur(12.5), "12.5s");
    cr_assert_str_eq(dur(750), "12m 30s");
    cr_assert_str_eq(dur(720), "12m");
    cr_assert_str_eq(dur(2 * 3600 + 5 * 60 + 10), "2h 5m");
    cr_assert_str_eq(dur(3 * 86400 + 4 * 3600), "3d 4h");
    cr_assert_str_eq(dur(-90), "-1m 30s");
    cr_assert_str_eq(dur(NAN), "-");
}

Test(fmt, sizes_use_binary_prefixes)
{
    cr_assert_str_eq(size(512), "512 B");
    cr_assert_str_eq(size(1.2 * 1024 * 1024 * 1024), "1.2 GiB");
    cr_assert_str_eq(size(512.0 * 1024), "512 KiB");
    cr_assert_str_eq(size(0), "0 B");
}

Test(fmt, large_counts_read_in_thousands_and_millions)
{
    char buf[FMT_MAX];
    cr_assert_str_eq(fmt_count(9999, buf, sizeof buf), "9999");
    cr_assert_str_eq(fmt_count(12345, buf, sizeof buf), "12.3k");
    cr_assert_str_eq(fmt_count(17467, buf, sizeof buf), "17.5k");
    cr_assert_str_eq(fmt_count(999949, buf, sizeof buf), "999.9k");
    cr_assert_str_eq(fmt_count(2678565, buf, sizeof buf), "2.7M");
    cr_assert_str_eq(fmt_count(4.5e9, buf, sizeof buf), "4.5G");
}

Test(fmt, metrics_shares_deltas_and_clocks)
{
    char buf[2 * FMT_MAX];
    cr_assert_str_eq(fmt_metric(OC_RPO, INFINITY, buf, sizeof buf), "lost");
    cr_assert_str_eq(fmt_metric(OC_RTO, INFINITY, buf, sizeof buf), "never");
    cr_assert_str_eq(fmt_metric(OC_FAILED_OVER, 0.14, buf, sizeof buf), "14%");
    cr_assert_str_eq(fmt_metric(OC_DATA_LOSS_WRITES, 3, buf, sizeof buf), "3");
    cr_assert_str_eq(fmt_share(0.125, buf, sizeof buf), "12.5%");
    cr_assert_str_eq(fmt_delta(OC_RTO, 600, 750, buf, sizeof buf), "+2m 30s (+25%)");
    cr_assert_str_eq(fmt_delta(OC_RTO, 600, 600, buf, sizeof buf), "=");
    cr_assert_str_eq(fmt_delta(OC_FAILED_OVER, 0.5, 0.25, buf, sizeof buf), "-25 pts");
    cr_assert_str_eq(fmt_clock(90061250000LL, 1, buf, sizeof buf), "+1d 01:01:01.250");
    cr_assert_str_eq(fmt_clock(300000000LL, 0, buf, sizeof buf), "+00:05:00");
}

Test(fmt, json_escapes_and_nests)
{
    jw w;
    jw_init(&w, 0);
    jw_obj_begin(&w);
    jw_key(&w, "a\"b");
    jw_str(&w, "line\nbreak \x01 \xff");
    jw_key(&w, "n");
    jw_arr_begin(&w);
    jw_num(&w, 1.5);
    jw_num(&w, 41.2); /* the shortest exact text, not 41.200000000000003 */
    jw_num(&w, INFINITY);
    jw_int(&w, -3);
    jw_arr_end(&w);
    jw_key(&w, "e");
    jw_obj_begin(&w);
    jw_obj_end(&w);
    jw_obj_end(&w);
    cr_assert_str_eq(jw_text(&w),
                     "{\"a\\\"b\":\"line\\nbreak \\u0001 \xEF\xBF\xBD\",\"n\":[1.5,"
                     "41.2,null,-3],"
                     "\"e\":{}}");
    jw_free(&w);
}

Test(fmt, option_values, .init = cr_redirect_stderr)
{
    uint32_t k = 0, n = 0;
    cr_assert_eq(cli_shard("run", "2/4", &k, &n), ERR_OK);
    cr_assert(k == 2 && n == 4);
    cr_assert_eq(cli_shard("run", "0/4", &k, &n), ERR_USAGE);
    cr_assert_eq(cli_shard("run", "5/4", &k, &n), ERR_USAGE);
    cr_assert_eq(cli_shard("run", "2/", &k, &n), ERR_USAGE);
    double t = 0;
    cr_assert_eq(cli_tolerance("check", "5%", &t), ERR_OK);
    cr_assert_float_eq(t, 0.05, 1e-12);
    cr_assert_eq(cli_tolerance("check", "0.1", &t), ERR_OK);
    cr_assert_float_eq(t, 0.1, 1e-12);
    cr_assert_eq(cli_tolerance("check", "5", &t), ERR_USAGE);
    cr_assert_eq(cli_tolerance("check", "-1%", &t), ERR_USAGE);
    uint64_t v = 0;
    cr_assert_eq(cli_u64("run", "--jobs", "3", 1, 8, &v), ERR_OK);
    cr_assert_eq(v, 3);
    cr_assert_eq(cli_u64("run", "--jobs", "0", 1, 8, &v), ERR_USAGE);
    cr_assert_eq(cli_u64("run", "--jobs", "-2", 1, 8, &v), ERR_USAGE);
    cr_assert_eq(cli_u64("run", "--jobs", "2x", 1, 8, &v), ERR_USAGE);
    char **args = th_argv((const char *const[]){"drsim", "run", "x\"y", NULL});
    cr_assert_not_null(args);
    char *json = con_argv_json(2, args + 1);
    th_argv_free(args);
    cr_assert_str_eq(json, "[\"drsim\",\"run\",\"x\\\"y\"]");
    mem_free(json);
}

#include "reports/text/table.h"

Test(fmt, table_width_ignores_colour_and_counts_characters)
{
    cr_assert_eq(tbl_width("\033[31m\033[1mFAIL\033[0m"), 4);
    cr_assert_eq(tbl_width("\033[32mpass\033[0m"), 4);
    cr_assert_eq(tbl_width("±95%"), 4);
    cr_assert_eq(tbl_width(""), 0);
}
