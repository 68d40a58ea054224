/*
 * report.c — `drsim report` and the report renderers.
 *
 *   golden files   tests/golden/report/small.yaml is run (fixed seed and
 *                  trials, one traced trial); its Markdown, CSV and JSON
 *                  reports must equal small.md, small.csv and small.json once
 *                  run timestamps, the command line and drsim's version are
 *                  normalised. DRSIM_UPDATE_GOLDEN=1 rewrites the goldens
 *                  (read them before committing).
 *   HTML           parsed back (well-formed), every section and chart there,
 *                  nothing referenced outside the page, everything from the
 *                  scenario escaped — through a scenario file and directly
 *                  through the renderers' API with names the loader refuses.
 *   target labels  on the distributions, targets at one threshold share a
 *                  label, and no two labels overlap (boxes from svg.h's width
 *                  estimate) however close the targets are.
 *   distributions  light and exact from one trial to 100,000.
 *   command line   -o (atomic; errors naming the file, exit 3; the database
 *                  refused), formats, side by side (headlines naming each
 *                  database), the same report from a copy of the database
 *                  elsewhere, run's closing hint.
 *
 * The rendering in a real browser is tests/browser/report_browser.c.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/render/render.h"
#include "reports/render/report.h"
#include "reports/render/svg.h"
#include "reports/store/store.h"
#include "reports/text/select.h"
#include "sim/core/mem.h"
#include "sim/core/version.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"
#include "tests/support/xmlcheck.h"

static void init(void)
{
    store_global_init();
}

TestSuite(report, .init = init);

#define GOLDEN_DIR "tests/golden/report"

/* Runs the golden scenario into a fresh database; returns its path. */
static const char *golden_db(void)
{
    static char db[600];
    snprintf(db, sizeof db, "%s/golden.db", th_tmpdir());
    th_result r = th_drsim_run("run", GOLDEN_DIR "/small.yaml", "--db", db, "--trace", "1",
                               "--quiet", NULL);
    /* One of its expectations fails on purpose: exit 1. */
    cr_assert_eq(r.status, 1, "drsim run: %d\n%s", r.status, r.err);
    th_result_free(&r);
    return db;
}

/* Replaces every occurrence of `from` in *s by `to` (reallocating). */
static void replace_all(char **s, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    for (char *p = strstr(*s, from); p != NULL; p = strstr(*s + (p - *s) + tl, from)) {
        size_t at = (size_t)(p - *s), len = strlen(*s);
        char *n = malloc(len - fl + tl + 1);
        memcpy(n, *s, at);
        memcpy(n + at, to, tl);
        memcpy(n + at + tl, *s + at + fl, len - at - fl + 1);
        free(*s);
        *s = n;
        p = *s + at;
    }
}

/* What differs from run to run of the same scenario and seed: timestamps
 * (ISO 8601, UTC), the command line (it names a temporary database), and
 * drsim's version. */
static char *normalise(const char *text)
{
    char *s = strdup(text);
    for (char *p = s; *p; p++) {
        /* dddd-dd-ddTdd:dd:ddZ */
        static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
        size_t k = 0;
        for (; shape[k] && p[k]; k++)
            if (shape[k] == 'd' ? !(p[k] >= '0' && p[k] <= '9') : p[k] != shape[k])
                break;
        if (shape[k] == '\0')
            memcpy(p, "YYYY-MM-DDTHH:MM:SSZ", 20);
    }
    char *argv = strstr(s, "\"argv\": [");
    if (argv != NULL) {
        char *end = strchr(argv, '\n');
        cr_assert(end != NULL);
        size_t head = (size_t)(argv - s);
        char *n = malloc(strlen(s) + 32);
        memcpy(n, s, head);
        strcpy(n + head, "\"argv\": [\"ARGV\"],");
        strcat(n, end);
        free(s);
        s = n;
    }
    replace_all(&s, "\"version\": \"" DRSIM_VERSION "\"", "\"version\": \"VERSION\"");
    replace_all(&s, "drsim " DRSIM_VERSION " ", "drsim VERSION ");
    return s;
}

static void check_golden(const char *name, const char *got)
{
    char path[256];
    snprintf(path, sizeof path, GOLDEN_DIR "/%s", name);
    const char *update = getenv("DRSIM_UPDATE_GOLDEN");
    if (update != NULL && strcmp(update, "1") == 0) {
        cr_assert_eq(th_write_file(path, got), 0, "cannot write %s", path);
        return;
    }
    char *want = th_read_file(path, NULL);
    cr_assert(want != NULL, "no golden file %s (DRSIM_UPDATE_GOLDEN=1 writes it)", path);
    if (strcmp(want, got) != 0) {
        size_t i = 0;
        while (want[i] && want[i] == got[i])
            i++;
        size_t line = 1;
        for (size_t k = 0; k < i; k++)
            line += want[k] == '\n';
        cr_assert_fail("%s differs at line %zu:\nwant: %.120s\ngot:  %.120s", path, line,
                       want + i, got + i);
    }
    free(want);
}

static char *report_of(const char *db, const char *format, const char *ref)
{
    th_result r = th_drsim_run("report", ref, "--db", db, "--format", format, NULL);
    cr_assert_eq(r.status, 0, "drsim report --format %s: %d\n%s", format, r.status, r.err);
    cr_assert_str_empty(r.err);
    char *out = r.out;
    free(r.err);
    return out;
}

Test(report, markdown_matches_its_golden_file)
{
    char *md = report_of(golden_db(), "md", "latest");
    char *n = normalise(md);
    check_golden("small.md", n);
    free(n);
    free(md);
}

/* The parts of a disruption have summary columns where some variant spends
 * time in them: an app read-only behind Traffic Manager has "RTO (at least
 * read-only)", "read-only" and "fully down" (no "reduced capacity": every
 * region at full capacity); the golden scenario, a plain outage, has none.
 * Read-only time is not bolded: less of it is not better in itself. */
Test(report, the_disruption_split_has_columns_where_it_happens)
{
    char db[600];
    snprintf(db, sizeof db, "%s/split.db", th_tmpdir());
    th_result r = th_drsim_run("run", "scenarios/active-active.yaml", "--db", db, "--trials",
                               "40", "--quiet", "--inconclusive", "pass", NULL);
    cr_assert(r.status == 0 || r.status == 1, "drsim run: %d\n%s", r.status, r.err);
    th_result_free(&r);
    char *md = report_of(db, "md", "latest");
    const char *summary = strstr(md, "## Summary");
    cr_assert_not_null(summary, "%s", md);
    const char *head = strstr(summary, "| variant |");
    cr_assert_not_null(head, "%s", md);
    const char *eol = strchr(head, '\n');
    char line[2048];
    snprintf(line, sizeof line, "%.*s", (int)(eol - head), head);
    cr_assert(strstr(line, "| RTO (at least read-only) p50 | RTO (at least read-only) p95 |"),
              "%s", line);
    cr_assert(strstr(line, "| read-only (mean) | fully down (mean) |"), "%s", line);
    cr_assert_null(strstr(line, "reduced capacity"), "%s", line);
    /* The wait variant with read_only behind Traffic Manager: read-only for
     * hours, never in bold; its cells follow the header's order. */
    const char *row = strstr(summary, "| wait\\[read\\_only=true,entry=\\{traffic");
    cr_assert_not_null(row, "%s", md);
    eol = strchr(row, '\n');
    snprintf(line, sizeof line, "%.*s", (int)(eol - row), row);
    int cell = 0;
    const char *ro = NULL;
    for (const char *p = line; *p != '\0'; p++)
        if (*p == '|' && ++cell == 11) /* variant, 3 RPO, 3 RTO, 2 serving RTO: the 10th */
            ro = p + 1;
    cr_assert_not_null(ro, "%s", line);
    cr_assert(strncmp(ro, " **", 3) != 0 && strchr("0123456789", ro[1]) != NULL, "%s", line);
    free(md);

    md = report_of(golden_db(), "md", "latest");
    cr_assert_null(strstr(md, "read-only (mean)"), "%s", md);
    cr_assert_null(strstr(md, "at least read-only"), "%s", md);
    free(md);
}

Test(report, csv_matches_its_golden_file)
{
    char *csv = report_of(golden_db(), "csv", "latest");
    /* Nothing in CSV depends on the time or the command line. */
    check_golden("small.csv", csv);
    free(csv);
}

Test(report, json_matches_its_golden_file)
{
    char *json = report_of(golden_db(), "json", "latest");
    char *n = normalise(json);
    check_golden("small.json", n);
    free(n);
    free(json);
}

/* ---- HTML --------------------------------------------------------------------------- */

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Whether the page references anything outside itself. */
static void assert_self_contained(const char *html)
{
    static const char *const banned[] = {"http:", "https:", "src=",   "<script", "<link",
                                         "@import", "<img", "<iframe", "<object", "<embed",
                                         "srcset", "ftp:",  "//"};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++) {
        const char *p = strstr(html, banned[i]);
        /* "//" may only be the one in a CSS comment-free page: none expected. */
        cr_assert(p == NULL, "the page contains '%s': ...%.80s", banned[i], p);
    }
    for (const char *p = strstr(html, "url("); p != NULL; p = strstr(p + 1, "url("))
        cr_assert(p[4] == '#', "an external url(): %.40s", p);
    for (const char *p = strstr(html, "href=\""); p != NULL; p = strstr(p + 1, "href=\""))
        cr_assert(p[6] == '#', "a link out of the page: %.60s", p);
}

/* No id is given twice (anchors and SVG references must be unambiguous). */
static void assert_unique_ids(const char *html)
{
    for (const char *p = strstr(html, " id=\""); p != NULL; p = strstr(p + 1, " id=\"")) {
        const char *end = strchr(p + 5, '"');
        cr_assert(end != NULL);
        char needle[128];
        snprintf(needle, sizeof needle, " id=\"%.*s\"", (int)(end - p - 5), p + 5);
        cr_assert_eq(count(html, needle), 1, "id %s appears %zu times", needle,
                     count(html, needle));
    }
}

/* Every <svg> element has a positive width and height. */
static size_t assert_svg_sizes(const char *html)
{
    size_t n = 0;
    for (;; n++) {
        char w[32], h[32];
        if (xc_attr(html, "svg", n, "width", w, sizeof w) != 0)
            break;
        cr_assert_eq(xc_attr(html, "svg", n, "height", h, sizeof h), 0);
        cr_assert(atof(w) > 0 && atof(h) > 0, "svg %zu is %sx%s", n, w, h);
    }
    return n;
}

Test(report, html_is_well_formed_with_every_section_and_chart)
{
    const char *db = golden_db();
    char *html = report_of(db, "html", "latest");
    size_t svgs = 0;
    xc_result x = xc_check(html, "svg", &svgs);
    cr_assert(x.ok, "not well-formed: %s", x.error);
    cr_assert(strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">", 31) == 0);
    static const char *const sections[] = {"glance", "summary", "rpo", "rto",
                                           "timelines", "expectations", "scenario"};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        char id[64];
        snprintf(id, sizeof id, "<section id=\"%s\">", sections[i]);
        cr_assert_eq(count(html, id), 1, "section %s", sections[i]);
    }
    /* Two distributions, one timeline per variant (wait and asr differ). */
    cr_assert_eq(count(html, "<svg class=\"chart\" id=\"cdf-rpo\""), 1);
    cr_assert_eq(count(html, "<svg class=\"chart\" id=\"cdf-rto\""), 1);
    /* Each curve in its 95 % band (DKW: +/- sqrt(ln(2/0.05)/16) = 48 % of 8
     * trials), under the lines. */
    cr_assert_eq(count(html, "<path class=\"band\""), 4, "a band per variant per chart");
    cr_assert(strstr(html, "95% band (Dvoretzky-Kiefer-Wolfowitz: \xC2\xB1" "48.0% of the trials)") !=
              NULL);
    cr_assert_eq(count(html, "<svg class=\"gantt\""), 2);
    cr_assert_eq(assert_svg_sizes(html), svgs);
    /* Each distribution has a line per variant and the targets drawn. */
    cr_assert(strstr(html, "asr p95 \xE2\x89\xA4 2h") != NULL, "RTO target");
    cr_assert(strstr(html, "asr max \xE2\x89\xA4 15m") != NULL, "RPO target");
    /* Headline, best values, expectations. */
    cr_assert(strstr(html, "RTO p95</div><div class=\"who\">") != NULL);
    cr_assert(count(html, "class=\"best\"") > 5);
    cr_assert_eq(count(html, "<span class=\"badge fail\">FAIL</span>"), 1);
    cr_assert_eq(count(html, "<span class=\"badge pass\">pass</span>"), 1);
    cr_assert_eq(count(html, "<span class=\"badge inconclusive\">INCONCLUSIVE</span>"), 1);
    /* The timeline shows the plan's groups and the detection. */
    cr_assert(strstr(html, ">plan group data</text>") != NULL);
    cr_assert(strstr(html, ">detect, then decide</text>") != NULL);
    /* The description's markup is text. */
    cr_assert(strstr(html, "&lt;b&gt;orders&lt;/b&gt;") != NULL);
    cr_assert(strstr(html, "<b>orders") == NULL);
    assert_self_contained(html);
    assert_unique_ids(html);
    free(html);
}

Test(report, a_script_in_a_scenario_is_shown_as_text)
{
    const char *dir = th_tmpdir();
    char *yaml = th_read_file(GOLDEN_DIR "/small.yaml", NULL);
    cr_assert(yaml != NULL);
    char *hostile = strdup(yaml);
    replace_all(&hostile, "description: \"A shop | *checkout* & <b>orders</b> loses West Europe "
                          "[for a while].\"",
                "description: \"<script>alert(1)</script> & </style><svg onload=alert(2)> "
                "'quotes' \\\"too\\\"\"");
    cr_assert(strstr(hostile, "alert(1)") != NULL, "the description was not replaced");
    char scn[600], db[600];
    snprintf(scn, sizeof scn, "%s/hostile.yaml", dir);
    snprintf(db, sizeof db, "%s/hostile.db", dir);
    cr_assert_eq(th_write_file(scn, hostile), 0);
    th_result r = th_drsim_run("run", scn, "--db", db, "--trace", "1", "--quiet", NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    th_result_free(&r);

    char *html = report_of(db, "html", "latest");
    xc_result x = xc_check(html, NULL, NULL);
    cr_assert(x.ok, "not well-formed: %s", x.error);
    cr_assert(strstr(html, "<script") == NULL);
    cr_assert(strstr(html, "<svg onload") == NULL);
    cr_assert(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/style&gt;&lt;svg "
                           "onload=alert(2)&gt; &apos;quotes&apos; &quot;too&quot;") != NULL,
              "the description as text");
    char *md = report_of(db, "md", "latest");
    cr_assert(strstr(md, "<script") == NULL && strstr(md, "<svg") == NULL);
    cr_assert(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    free(md);
    free(html);
    free(hostile);
    free(yaml);
}

/* ---- Target labels on the distributions ---------------------------------------------------- */

typedef struct label_box {
    double l, r, t, b;
    char text[256];
} label_box;

/* The <svg> element of chart `id` in the page, as a copy (free it). */
static char *chart_of(const char *html, const char *id)
{
    char open[96];
    snprintf(open, sizeof open, "<svg class=\"chart\" id=\"%s\"", id);
    const char *start = strstr(html, open);
    cr_assert(start != NULL, "no chart %s", id);
    const char *end = strstr(start, "</svg>");
    cr_assert(end != NULL);
    return strndup(start, (size_t)(end - start) + 6);
}

/* The labels of a chart's targets — every <text> inside a <g class="target">
 * — each as the box it takes: from its x, y and text-anchor, the width
 * svg_text_width estimates at SVG_TARGET_FONT, and the font's height above
 * the baseline. Returns how many. */
static size_t target_labels(const char *svg, label_box *out, size_t max)
{
    size_t n = 0;
    for (const char *g = strstr(svg, "<g class=\"target\">"); g != NULL;
         g = strstr(g + 1, "<g class=\"target\">")) {
        const char *end = strstr(g, "</g>");
        cr_assert(end != NULL);
        const char *inner = strstr(g + 1, "<g");
        cr_assert(inner == NULL || inner > end, "a <g> inside a target's <g>");
        for (const char *t = strstr(g, "<text "); t != NULL && t < end;
             t = strstr(t + 1, "<text ")) {
            cr_assert(n < max, "more than %zu target labels", max);
            char x[32], y[32], anchor[16] = "start";
            cr_assert_eq(xc_attr(t, "text", 0, "x", x, sizeof x), 0);
            cr_assert_eq(xc_attr(t, "text", 0, "y", y, sizeof y), 0);
            if (xc_attr(t, "text", 0, "text-anchor", anchor, sizeof anchor) != 0)
                snprintf(anchor, sizeof anchor, "start");
            const char *gt = strchr(t, '>');
            const char *close = strstr(gt, "</text>");
            cr_assert(close != NULL);
            /* The text, its five entities read back. */
            label_box *b = &out[n++];
            size_t o = 0;
            for (const char *p = gt + 1; p < close && o + 1 < sizeof b->text;) {
                static const char *const ents[][2] = {{"&amp;", "&"}, {"&lt;", "<"},
                                                      {"&gt;", ">"}, {"&quot;", "\""},
                                                      {"&apos;", "'"}};
                cr_assert(*p != '<', "markup inside a target's label");
                size_t k = 0;
                while (k < 5 && strncmp(p, ents[k][0], strlen(ents[k][0])) != 0)
                    k++;
                if (k < 5) {
                    b->text[o++] = ents[k][1][0];
                    p += strlen(ents[k][0]);
                } else {
                    b->text[o++] = *p++;
                }
            }
            b->text[o] = '\0';
            double w = svg_text_width(b->text, SVG_TARGET_FONT), at = atof(x);
            if (strcmp(anchor, "end") == 0)
                b->l = at - w;
            else if (strcmp(anchor, "middle") == 0)
                b->l = at - w / 2;
            else
                b->l = at;
            b->r = b->l + w;
            b->b = atof(y);
            b->t = b->b - SVG_TARGET_FONT;
        }
    }
    return n;
}

/* --intervals: every summary cell with its interval, the mean's never below
 * 0 (no metric is negative), and a sentence saying what the brackets hold. */
Test(report, intervals_on_request_in_the_summary_cells)
{
    const char *db = golden_db();
    th_result r = th_drsim_run("report", "latest", "--db", db, "--format", "md", "--intervals",
                               NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "In brackets, each figure's 95% confidence interval.") != NULL, "%s",
              r.out);
    cr_assert(strstr(r.out, "| 2.7M [0, 7.3M] |") != NULL, "the mean's interval, clamped: %s",
              r.out);
    cr_assert(strstr(r.out, "[-") == NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("report", "latest", "--db", db, "--format", "md", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "In brackets") == NULL && strstr(r.out, "| 2.7M |") != NULL, "%s",
                 r.out);
    th_result_free(&r);
}

Test(report, target_labels_never_overlap)
{
    /* The golden scenario with targets that share a threshold (15m on RPO,
     * 2h on RTO, there under two different rules) and others close by. */
    const char *dir = th_tmpdir();
    char *yaml = th_read_file(GOLDEN_DIR "/small.yaml", NULL);
    cr_assert(yaml != NULL);
    char *crowded = strdup(yaml);
    replace_all(&crowded,
                "  asr: { rto.p95: \"<= 2h\", rpo.max: \"<= 15m\" }\n"
                "  wait: { data_loss_writes.mean: \"== 0\" }\n",
                "  asr: { rto.p95: \"<= 2h\", rto.p50: \"<= 1h45m\", rpo.p99: \"<= 15m\", "
                "rpo.p50: \"<= 12m\" }\n"
                "  wait: { rto.p50: \">= 2h\", rto.p95: \"<= 2h10m\", rpo.p50: \"<= 15m\", "
                "rpo.p95: \"<= 20m\" }\n");
    cr_assert(strstr(crowded, "1h45m") != NULL, "the expectations were not replaced");
    char scn[600], db[600];
    snprintf(scn, sizeof scn, "%s/crowded.yaml", dir);
    snprintf(db, sizeof db, "%s/crowded.db", dir);
    cr_assert_eq(th_write_file(scn, crowded), 0);
    th_result r = th_drsim_run("run", scn, "--db", db, "--quiet", NULL);
    cr_assert(r.status == 0 || r.status == 1, "drsim run: %d\n%s", r.status, r.err);
    th_result_free(&r);
    char *html = report_of(db, "html", "latest");
    xc_result x = xc_check(html, NULL, NULL);
    cr_assert(x.ok, "not well-formed: %s", x.error);

    static const char *const charts[] = {"cdf-rpo", "cdf-rto"};
    for (size_t c = 0; c < 2; c++) {
        char *svg = chart_of(html, charts[c]);
        char w[32], h[32];
        cr_assert_eq(xc_attr(svg, "svg", 0, "width", w, sizeof w), 0);
        cr_assert_eq(xc_attr(svg, "svg", 0, "height", h, sizeof h), 0);
        label_box boxes[32];
        size_t n = target_labels(svg, boxes, 32);
        cr_assert_geq(n, 3, "%s: %zu target labels", charts[c], n);
        for (size_t i = 0; i < n; i++) {
            const label_box *a = &boxes[i];
            cr_assert(a->l >= 0 && a->r <= atof(w) && a->t >= 0 && a->b <= atof(h),
                      "%s: '%s' at [%.1f, %.1f] x [%.1f, %.1f] leaves the %sx%s chart",
                      charts[c], a->text, a->l, a->r, a->t, a->b, w, h);
            for (size_t j = i + 1; j < n; j++) {
                const label_box *b = &boxes[j];
                cr_assert(!(a->l < b->r && b->l < a->r && a->t < b->b && b->t < a->b),
                          "%s: '%s' at [%.1f, %.1f] x [%.1f, %.1f] overlaps '%s' at "
                          "[%.1f, %.1f] x [%.1f, %.1f]",
                          charts[c], a->text, a->l, a->r, a->t, a->b, b->text, b->l, b->r,
                          b->t, b->b);
            }
        }
        free(svg);
    }
    /* Targets at one threshold share one label. */
    cr_assert(strstr(html, ">asr p99, wait p50 \xE2\x89\xA4 15m</text>") != NULL,
              "one label for the 15m targets");
    cr_assert(strstr(html, ">asr p95 \xE2\x89\xA4 2h; wait p50 \xE2\x89\xA5 2h</text>") != NULL,
              "one label for the 2h targets");
    free(html);
    free(crowded);
    free(yaml);
}

/* ---- Through the renderers' API ---------------------------------------------------------- */

#define EVIL "<script>alert(1)</script>"

/* A run whose every name and text is hostile (the loader would refuse most
 * of them; the store holds whatever it is given). */
static int64_t write_hostile(const char *path)
{
    err_msg e;
    store *st = NULL;
    cr_assert_eq(store_open(path, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    static const char source[] = "name: x\n# </pre><script>alert(3)</script>\n";
    store_new_run nr = {
        .scenario_name = EVIL,
        .description = EVIL " \x01 \xff\xfe & ]]> \"'",
        .sha256 = "<sha>",
        .source = source,
        .source_len = sizeof source - 1,
        .seed = 1,
        .trials = 3,
        .trial_first = 0,
        .trial_end = 3,
        .shard_index = 1,
        .shard_count = 1,
        .trace = 3,
        .argv = "[\"drsim\",\"</code><script>alert(4)</script>\"]",
    };
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK, "%s", e.text);
    static const char *const names[2] = {EVIL, "a,b\"c'<d>&e|f*g"};
    cr_assert_eq(store_run_variant(st, 0, names[0], "<strategy>", "{\"x\":\"</code>\"}", &e),
                 ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_variant(st, 1, names[1], "s&t", "{}", &e), ERR_OK, "%s", e.text);
    for (uint32_t v = 0; v < 2; v++)
        for (uint64_t k = 0; k < 3; k++) {
            oc_trial t;
            sf_trial(v, k, &t);
            t.consistency = v ? "<crash>" : NULL;
            cr_assert_eq(store_run_trial(st, v, &t, &e), ERR_OK, "%s", e.text);
            static const char *const kinds[] = {"outage_start", "service_down", "detected",
                                                "group_start", "group_end", "service_restored",
                                                "<kind>"};
            for (uint32_t q = 0; q < 7; q++)
                cr_assert_eq(store_run_event(st, v, k, q, (int64_t)q * 600000000LL, kinds[q],
                                             EVIL, "</svg><script>alert(2)</script>: x", &e),
                             ERR_OK, "%s", e.text);
        }
    cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
    store_variant *vs = NULL;
    size_t nv = 0;
    cr_assert_eq(store_variants(st, id, &vs, &nv, &e), ERR_OK);
    store_expectation x = {.variant_id = vs[0].id, .metric = "rto", .stat = "p95", .op = "<=",
                           .threshold = 60, .observed = 1e9, .pass = false, .target = EVIL,
                           .text = "<= 1m" EVIL, .missed_share = 1, .line = 3};
    cr_assert_eq(store_run_expectation(st, &x, &e), ERR_OK, "%s", e.text);
    store_variants_free(vs, nv);
    cr_assert_eq(store_run_finish(st, &e), ERR_OK, "%s", e.text);
    store_close(st);
    return id;
}

/* Renders the document in format f into a string. */
static char *render(const rpt_doc *d, render_format f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert(out != NULL);
    err_msg e;
    cr_assert_eq(render_doc(d, f, out, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(fclose(out), 0);
    return buf;
}

static rpt_doc *doc_of(const char *path, const char *ref, sel *s)
{
    err_msg e;
    *s = (sel){0};
    cr_assert_eq(sel_add(s, path, ref, false, &e), ERR_OK, "%s", e.text);
    sel_short_labels(s);
    rpt_doc *d = NULL;
    cr_assert_eq(rpt_build(s->items, s->n, &d, &e), ERR_OK, "%s", e.text);
    return d;
}

Test(report, hostile_names_are_escaped_by_every_renderer)
{
    char path[600];
    snprintf(path, sizeof path, "%s/hostile.db", th_tmpdir());
    write_hostile(path);
    static sel s;
    rpt_doc *d = doc_of(path, "1", &s);

    char *html = render(d, RENDER_HTML);
    xc_result x = xc_check(html, NULL, NULL);
    cr_assert(x.ok, "not well-formed: %s", x.error);
    cr_assert(strstr(html, "<script") == NULL, "%s", strstr(html, "<script"));
    cr_assert(strstr(html, "<crash>") == NULL && strstr(html, "<kind>") == NULL);
    cr_assert(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;") > 5);
    cr_assert(strstr(html, "&lt;/svg&gt;&lt;script&gt;alert(2)") != NULL, "event details");
    cr_assert(strstr(html, "&lt;/pre&gt;&lt;script&gt;alert(3)") != NULL, "scenario source");
    cr_assert(strstr(html, "&lt;/code&gt;&lt;script&gt;alert(4)") != NULL, "command line");
    cr_assert(strstr(html, "\xEF\xBF\xBD") != NULL, "invalid UTF-8 becomes U+FFFD");
    assert_self_contained(html);
    free(html);

    char *md = render(d, RENDER_MD);
    cr_assert(strstr(md, "<script") == NULL && strstr(md, "<d>") == NULL);
    /* In a table row, '|' is escaped: the row keeps its cells. */
    cr_assert(strstr(md, "| a,b\"c'&lt;d&gt;&amp;e\\|f\\*g |") != NULL, "%s", md);
    free(md);

    char *csv = render(d, RENDER_CSV);
    cr_assert(strstr(csv, "\r\n1,\"a,b\"\"c'<d>&e|f*g\",0,") != NULL, "RFC 4180 quoting: %s",
              csv);
    cr_assert(strstr(csv, ",<crash>,1\r\n") != NULL, "the consistency as written: %s", csv);
    free(csv);

    char *json = render(d, RENDER_JSON);
    cr_assert(strstr(json, "\"scenario\": \"<script>alert(1)</script>\"") != NULL);
    cr_assert(strstr(json, "\\u0001") != NULL, "control characters escaped in JSON");
    free(json);
    rpt_free(d);
    sel_close(&s);
}

Test(report, distributions_stay_small_and_exact_from_1_to_100000_trials)
{
    static const uint64_t sizes[] = {1, 7, 400, 401, 100000};
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        char path[600];
        snprintf(path, sizeof path, "%s/n%llu.db", th_tmpdir(), (unsigned long long)sizes[c]);
        sf_run run = {.trials = sizes[c], .trace = 1, .expect = 1};
        sf_write_run(path, &run);
        static sel s;
        rpt_doc *d = doc_of(path, "1", &s);
        cr_assert_eq(d->nitems, 2);
        for (size_t i = 0; i < d->nitems; i++)
            for (size_t k = 0; k < RPT_NCDF; k++) {
                const rpt_cdf *cdf = &d->items[i].cdf[k];
                cr_assert_eq(cdf->trials, sizes[c]);
                cr_assert(cdf->n <= RPT_CDF_MAX && cdf->n <= sizes[c]);
                for (size_t j = 1; j < cdf->n; j++)
                    cr_assert(cdf->pts[j].x >= cdf->pts[j - 1].x &&
                              cdf->pts[j].p >= cdf->pts[j - 1].p);
                /* The curve ends where the finite values end. */
                double end = 1 - (double)cdf->n_worst / (double)cdf->trials;
                if (cdf->n > 0)
                    cr_assert(fabs(cdf->pts[cdf->n - 1].p - end) < 1e-12, "ends at %g, not %g",
                              cdf->pts[cdf->n - 1].p, end);
                /* The aggregates agree with the points: the median is on the curve. */
                const stats_agg *a = &d->items[i].agg[cdf->metric];
                if (cdf->exact && cdf->n > 0 && isfinite(a->min))
                    cr_assert_eq(cdf->pts[0].x, a->min);
            }
        /* The synthetic asr variant has distinct values: exact up to the cap. */
        cr_assert_eq(d->items[1].cdf[RPT_CDF_RTO].exact, sizes[c] <= RPT_CDF_MAX);
        char *html = render(d, RENDER_HTML);
        xc_result x = xc_check(html, NULL, NULL);
        cr_assert(x.ok, "%llu trials: %s", (unsigned long long)sizes[c], x.error);
        cr_assert(strlen(html) < 160 * 1024, "%llu trials: %zu bytes of HTML",
                  (unsigned long long)sizes[c], strlen(html));
        free(html);
        rpt_free(d);
        sel_close(&s);
    }
}

/* A run of one variant and one traced trial holding `events` (kind names as
 * stored, subjects) one minute apart. */
static void write_timeline(const char *path, const char *const (*events)[2], size_t n)
{
    err_msg e;
    store *st = NULL;
    cr_assert_eq(store_open(path, STORE_WRITE, &st, &e), ERR_OK, "%s", e.text);
    static const char source[] = "name: lanes\n";
    store_new_run nr = {
        .scenario_name = "lanes", .sha256 = "sha", .source = source,
        .source_len = sizeof source - 1, .seed = 1, .trials = 1, .trial_first = 0,
        .trial_end = 1, .shard_index = 1, .shard_count = 1, .trace = 1, .argv = "[\"drsim\"]",
    };
    int64_t id = 0;
    cr_assert_eq(store_run_begin(st, &nr, &id, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_variant(st, 0, "asr", "asr", "{}", &e), ERR_OK, "%s", e.text);
    oc_trial t;
    sf_trial(0, 0, &t);
    cr_assert_eq(store_run_trial(st, 0, &t, &e), ERR_OK, "%s", e.text);
    for (size_t q = 0; q < n; q++)
        cr_assert_eq(store_run_event(st, 0, 0, (uint32_t)q, (int64_t)q * 60000000LL, events[q][0],
                                     events[q][1], "free text: not read", &e),
                     ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_publish(st, &e), ERR_OK, "%s", e.text);
    cr_assert_eq(store_run_finish(st, &e), ERR_OK, "%s", e.text);
    store_close(st);
}

/* The timeline's lanes come from the event kinds alone (models/outcome.h),
 * in reading order: a plan's groups on the lane of their plan, whatever the
 * detail says; a kind drsim does not know is listed with the events and
 * drawn nowhere. */
Test(report, timeline_lanes_come_from_the_event_kinds)
{
    static const char *const events[][2] = {
        {"failback_group_start", "front"}, {"outage_start", "westeurope"},
        {"service_down", ""},              {"detected", ""},
        {"decision", ""},                  {"drill_start", ""},
        {"drill_group_start", "front"},    {"group_start", "front"},
        {"made_up_kind", "front"},         {"group_end", "front"},
        {"drill_group_end", "front"},      {"drill_end", ""},
        {"service_restored", ""},          {"failback_group_end", "front"},
    };
    char path[600];
    snprintf(path, sizeof path, "%s/lanes.db", th_tmpdir());
    write_timeline(path, events, sizeof events / sizeof events[0]);
    static sel s;
    rpt_doc *d = doc_of(path, "1", &s);
    cr_assert_eq(d->items[0].tl.ev[8].kind, OC_EV_UNKNOWN);
    cr_assert_str_eq(d->items[0].tl.ev[8].kind_name, "made_up_kind");
    char *html = render(d, RENDER_HTML);
    static const char *const order[] = {
        ">outage westeurope</text>", ">application down</text>", ">detect, then decide</text>",
        ">plan group front</text>",  ">drill (test failover)</text>", ">drill group front</text>",
        ">failback group front</text>",
    };
    const char *at = html;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *next = strstr(at, order[i]);
        cr_assert_not_null(next, "lane %s missing or out of order", order[i]);
        at = next;
    }
    cr_assert_null(strstr(html, "made_up_kind front</text>"), "an unknown kind draws no lane");
    cr_assert_not_null(strstr(html, "<code>made_up_kind</code>"), "it is listed");
    free(html);
    rpt_free(d);
    sel_close(&s);
}

Test(report, headlines_say_who_wins_and_by_how_much)
{
    char path[600];
    snprintf(path, sizeof path, "%s/h.db", th_tmpdir());
    sf_run run = {.trials = 50};
    sf_write_run(path, &run);
    static sel s;
    rpt_doc *d = doc_of(path, "1", &s);
    const rpt_headline *rto = NULL;
    for (size_t h = 0; h < d->nheadlines; h++)
        if (d->headlines[h].metric == OC_RTO)
            rto = &d->headlines[h];
    cr_assert(rto != NULL);
    /* asr (item 1): RTO 1800 + 5k s, k < 50: p95 = 1800 + 5 * 46.55 s; wait
     * never recovers every 11th trial (8% of them): its p95 is "never". */
    cr_assert_eq(rto->best, 2u);
    cr_assert_eq(rto->next, 1u);
    cr_assert_str_eq(rto->text, "asr has the lowest RTO p95: 33m 53s, vs never for wait.");
    rpt_free(d);
    sel_close(&s);
}

Test(report, out_of_memory_anywhere_ends_in_a_clean_error)
{
    /* Fail the Nth allocation (SQLite's included) for N over gathering the
     * document and rendering it in every format: each attempt succeeds or
     * ends in ERR_NOMEM / ERR_STORE, never a crash or a leak (SAN=1). */
    const char *db = golden_db();
    err_msg e;
    store *st = NULL;
    cr_assert_eq(store_open(db, STORE_READ, &st, &e), ERR_OK, "%s", e.text);
    store_variant *vs = NULL;
    size_t nv = 0;
    cr_assert_eq(store_variants(st, 1, &vs, &nv, &e), ERR_OK, "%s", e.text);
    view_item items[2];
    for (size_t i = 0; i < 2; i++) {
        items[i] = (view_item){.st = st, .run_id = 1, .variant_id = vs[i].id};
        snprintf(items[i].label, sizeof items[i].label, "%s", vs[i].name);
    }
    store_variants_free(vs, nv);
    unsigned long total = 0, step = 1, failures = 0;
    for (unsigned long n = 0; n == 0 || n <= total; n += step) {
        if (n == 0)
            mem_fail_reset(); /* the first pass counts the allocations */
        else
            mem_fail_after(n);
        rpt_doc *d = NULL;
        err_code rc = rpt_build(items, 2, &d, &e);
        for (int f = RENDER_HTML; rc == ERR_OK && f <= RENDER_CSV; f++) {
            char *buf = NULL;
            size_t len = 0;
            FILE *out = open_memstream(&buf, &len);
            cr_assert(out != NULL);
            rc = render_doc(d, (render_format)f, out, &e);
            fclose(out);
            free(buf);
        }
        if (rc != ERR_OK)
            cr_assert(rc == ERR_NOMEM || rc == ERR_STORE, "n=%lu: %d %s", n, rc, e.text);
        else
            cr_assert(d != NULL);
        failures += rc != ERR_OK;
        rpt_free(d);
        if (n == 0) {
            cr_assert_eq(rc, ERR_OK, "%s", e.text);
            total = mem_allocations();
            cr_assert_gt(total, 20, "only %lu allocations went through mem_*", total);
            step = total / 300 + 1;
        }
        mem_fail_reset();
    }
    cr_assert_gt(failures, total / step / 2, "only %lu of the attempts failed", failures);
    store_close(st);
}

/* ---- Command line ---------------------------------------------------------------------------- */

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(report, o_writes_the_file_atomically_and_names_it_on_errors)
{
    const char *db = golden_db();
    const char *dir = th_tmpdir();
    char out[600], stdout_html[600];
    snprintf(out, sizeof out, "%s/report.html", dir);
    th_result r = th_drsim_run("report", "latest", "--db", db, "-o", out, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_empty(r.out);
    th_result_free(&r);
    char *file = th_read_file(out, NULL);
    char *html = report_of(db, "html", "latest");
    cr_assert_str_eq(file, html, "-o and stdout differ");
    struct stat sb;
    cr_assert_eq(stat(out, &sb), 0);
    cr_assert((sb.st_mode & 0777) != 0600, "the report keeps mkstemp's 0600");
    /* Nothing else was left in the directory (no temporary file). */
    snprintf(stdout_html, sizeof stdout_html, "ls -A '%s' | grep -v -x -e report.html", dir);
    FILE *p = popen(stdout_html, "r");
    char extra[256] = "";
    size_t got = fread(extra, 1, sizeof extra - 1, p);
    pclose(p);
    extra[got] = '\0';
    cr_assert_str_empty(extra, "left behind: %s", extra);

    /* The extension chooses the format. */
    char md[600];
    snprintf(md, sizeof md, "%s/report.md", dir);
    r = th_drsim_run("report", "latest", "--db", db, "-o", md, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
    char *mdtext = th_read_file(md, NULL);
    cr_assert(strncmp(mdtext, "# golden-report", 15) == 0, "%.40s", mdtext);
    free(mdtext);

    /* A failure before writing leaves the old file as it was. */
    r = th_drsim_run("report", "99", "--db", db, "-o", out, NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    th_result_free(&r);
    char *again = th_read_file(out, NULL);
    cr_assert_str_eq(again, html);
    free(again);

    /* An unwritable place: exit 3, one line naming the file. */
    char bad[700];
    snprintf(bad, sizeof bad, "%s/no/such/dir/report.html", dir);
    r = th_drsim_run("report", "latest", "--db", db, "-o", bad, NULL);
    cr_assert_eq(r.status, 3, "%s", r.err);
    cr_assert(strstr(r.err, bad) != NULL, "%s", r.err);
    cr_assert_eq(lines(r.err), 1, "%s", r.err);
    th_result_free(&r);

    /* A full device. */
    r = th_drsim_run("report", "latest", "--db", db, "-o", "/dev/full", NULL);
    cr_assert_eq(r.status, 3, "%s", r.err);
    cr_assert(strstr(r.err, "/dev/full") != NULL, "%s", r.err);
    cr_assert(strstr(r.err, "No space left on device") != NULL, "%s", r.err);
    cr_assert_eq(lines(r.err), 1, "%s", r.err);
    th_result_free(&r);

    /* Standard output on a full device. */
    const char *argv[] = {"/bin/sh", "-c", NULL, NULL};
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "'%s' report latest --db '%s' --format md > /dev/full",
             th_drsim(), db);
    argv[2] = cmd;
    r = th_run(argv, NULL);
    cr_assert_eq(r.status, 3, "%s", r.err);
    cr_assert(strstr(r.err, "No space left on device") != NULL, "%s", r.err);
    th_result_free(&r);
    free(file);
    free(html);
}

Test(report, o_may_not_name_the_database)
{
    const char *db = golden_db();
    char *before = sf_dump_rows(db, 1);
    size_t len0 = 0;
    char *bytes0 = th_read_file(db, &len0);
    th_result r = th_drsim_run("report", "latest", "--db", db, "-o", db, NULL);
    cr_assert_eq(r.status, 2, "%s", r.err);
    cr_assert(strstr(r.err, "results database") != NULL, "%s", r.err);
    th_result_free(&r);
    size_t len1 = 0;
    char *bytes1 = th_read_file(db, &len1);
    cr_assert(len0 == len1 && memcmp(bytes0, bytes1, len0) == 0, "the database changed");
    char *after = sf_dump_rows(db, 1);
    cr_assert_str_eq(before, after);
    free(before);
    free(after);
    free(bytes0);
    free(bytes1);
}

Test(report, bad_usage_exits_2)
{
    const char *db = golden_db();
    th_result r = th_drsim_run("report", "latest", "--db", db, "--format", "pdf", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "unknown format 'pdf'") != NULL, "%s", r.err);
    th_result_free(&r);
    r = th_drsim_run("report", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    th_result_free(&r);
    r = th_drsim_run("report", "latest:nope", "--db", db, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "no variant 'nope'") != NULL, "%s", r.err);
    th_result_free(&r);
}

Test(report, the_same_report_from_a_copy_of_the_database_elsewhere)
{
    const char *db = golden_db();
    char copy[700];
    snprintf(copy, sizeof copy, "%s/elsewhere.db", th_tmpdir());
    size_t len = 0;
    char *bytes = th_read_file(db, &len);
    FILE *f = fopen(copy, "wb");
    cr_assert(f != NULL && fwrite(bytes, 1, len, f) == len && fclose(f) == 0);
    free(bytes);
    static const char *const formats[] = {"html", "md", "json", "csv"};
    for (size_t i = 0; i < 4; i++) {
        char *a = report_of(db, formats[i], "latest");
        char *b = report_of(copy, formats[i], "1");
        cr_assert_str_eq(a, b, "%s differs between the two databases", formats[i]);
        free(a);
        free(b);
    }
}

Test(report, runs_and_variants_side_by_side)
{
    const char *db = golden_db();
    th_result r = th_drsim_run("run", GOLDEN_DIR "/small.yaml", "--db", db, "--seed", "8",
                               "--trace", "1", "--quiet", NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    th_result_free(&r);
    char *md = report_of(db, "md", "1");
    cr_assert(strstr(md, "| wait |") != NULL, "one run: plain names");
    free(md);
    r = th_drsim_run("report", "1", "2", "--db", db, "--format", "md", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "# golden-report vs golden-report") != NULL, "%.200s", r.out);
    cr_assert(strstr(r.out, "| 1:wait |") != NULL && strstr(r.out, "| 2:asr |") != NULL);
    cr_assert(strstr(r.out, "seed 8") != NULL);
    cr_assert(strstr(r.out, "## Expectations of run 2") != NULL);
    th_result_free(&r);
    r = th_drsim_run("report", "1:asr", "2:asr", "--db", db, "--format", "html", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count(r.out, "<svg class=\"gantt\""), 2);
    cr_assert(strstr(r.out, ">1:asr</span>") != NULL && strstr(r.out, ">2:asr</span>") != NULL);
    cr_assert(strstr(r.out, ">1:wait<") == NULL);
    th_result_free(&r);
    /* Another database named in the argument: labels name it. */
    char ref[700];
    snprintf(ref, sizeof ref, "%s#2:asr", db);
    r = th_drsim_run("report", "1:asr", ref, "--db", db, "--format", "md", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\\#2:asr |") != NULL, "%s", r.out);
    th_result_free(&r);
    r = th_drsim_run("report", "1:asr", "2:asr", "--db", db, "--format", "html", NULL);
    /* Only the expectations of the variants shown. */
    cr_assert(strstr(r.out, "<code>rto.p95 &lt;= 2h") != NULL);
    cr_assert(strstr(r.out, "<code>data_loss_writes.mean") == NULL);
    th_result_free(&r);
}

Test(report, side_by_side_headlines_name_each_database)
{
    /* The same strategy of run 1 of two databases, each a group of two
     * variants (a sweep): the headlines name the groups, and must say
     * which database each one is from. */
    const char *dir = th_tmpdir();
    char *yaml = th_read_file(GOLDEN_DIR "/small.yaml", NULL);
    cr_assert(yaml != NULL);
    char *swept = strdup(yaml);
    replace_all(&swept, "\nexpect:\n",
                "\nsweep:\n  strategies.asr.decide: [15m, 30m]\n\nexpect:\n");
    cr_assert(strstr(swept, "sweep:") != NULL, "no sweep added");
    char scn[600], a[600], b[600];
    snprintf(scn, sizeof scn, "%s/swept.yaml", dir);
    snprintf(a, sizeof a, "%s/a.db", dir);
    snprintf(b, sizeof b, "%s/b.db", dir);
    cr_assert_eq(th_write_file(scn, swept), 0);
    th_result r = th_drsim_run("run", scn, "--db", a, "--quiet", NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    th_result_free(&r);
    r = th_drsim_run("run", scn, "--db", b, "--seed", "8", "--quiet", NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    th_result_free(&r);

    char ra[700], rb[700], ga[700], gb[700];
    snprintf(ra, sizeof ra, "%s#1:asr", a);
    snprintf(rb, sizeof rb, "%s#1:asr", b);
    static const char *const formats[] = {"md", "json", "html"};
    for (size_t f = 0; f < 3; f++) {
        /* Markdown escapes '#'. */
        const char *hash = f == 0 ? "\\#" : "#";
        snprintf(ga, sizeof ga, "%s%s1:asr (all 2 variants)", a, hash);
        snprintf(gb, sizeof gb, "%s%s1:asr (all 2 variants)", b, hash);
        r = th_drsim_run("report", ra, rb, "--format", formats[f], NULL);
        cr_assert_eq(r.status, 0, "%s: %s", formats[f], r.err);
        /* Both groups appear in the headlines, and never without their database. */
        size_t both = count(r.out, ga) + count(r.out, gb),
               any = count(r.out, "1:asr (all 2 variants)");
        cr_assert(count(r.out, ga) > 0 && count(r.out, gb) > 0, "%s:\n%s", formats[f], r.out);
        cr_assert_eq(any, both, "%s: %zu groups named without their database:\n%s",
                     formats[f], any - both, r.out);
        th_result_free(&r);
    }
    /* One database, two runs: the run tells the groups apart. */
    r = th_drsim_run("run", scn, "--db", a, "--seed", "8", "--quiet", NULL);
    cr_assert(r.status == 0 || r.status == 1, "%s", r.err);
    th_result_free(&r);
    r = th_drsim_run("report", "1:asr", "2:asr", "--db", a, "--format", "md", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, " 1:asr (all 2 variants)") != NULL &&
                  strstr(r.out, " 2:asr (all 2 variants)") != NULL,
              "%s", r.out);
    th_result_free(&r);
    free(swept);
    free(yaml);
}

Test(report, run_ends_saying_how_to_make_the_report)
{
    char db[600];
    snprintf(db, sizeof db, "%s/hint.db", th_tmpdir());
    th_result r = th_drsim_run("run", GOLDEN_DIR "/small.yaml", "--db", db, NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    char want[800];
    snprintf(want, sizeof want, "report: drsim report 1 --format html -o report.html --db %s\n",
             db);
    cr_assert(strstr(r.out, want) != NULL, "%s", r.out);
    th_result_free(&r);
}
