/*
 * test_report_browser.c — the HTML report in a real browser: Debian's
 * headless Chromium renders it, offline.
 *
 *   - a screenshot is taken: a PNG of the window's size, far larger than the
 *     screenshot of a blank page (something was drawn);
 *   - the page as Chromium laid it out (--dump-dom, on a copy of the report
 *     with a probe script added; the report itself has none): every chart and
 *     timeline has a non-zero width and height, and the page loaded no
 *     resource at all (Resource Timing lists every fetch a page makes);
 *   - Chromium runs with every host mapped to nowhere, so nothing could have
 *     left the machine anyway.
 *
 * Chromium is found as $DRSIM_CHROMIUM, else chromium, chromium-browser or
 * google-chrome on the PATH. Without it the test fails when $CI is set (CI
 * installs it: .ci/install-deps chromium), and is skipped with a message
 * otherwise.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

TestSuite(report_browser);

/* The browser's path, or NULL. */
static const char *find_chromium(void)
{
    static char path[4096];
    const char *env = getenv("DRSIM_CHROMIUM");
    if (env != NULL && *env)
        return access(env, X_OK) == 0 ? env : NULL;
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome"};
    const char *p = getenv("PATH");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (const char *dir = p ? p : "/usr/bin"; *dir;) {
            const char *colon = strchr(dir, ':');
            size_t len = colon ? (size_t)(colon - dir) : strlen(dir);
            snprintf(path, sizeof path, "%.*s/%s", (int)len, dir, names[i]);
            if (len > 0 && access(path, X_OK) == 0)
                return path;
            dir += len + (colon != NULL);
        }
    return NULL;
}

static const char *need_chromium(void)
{
    const char *c = find_chromium();
    if (c == NULL) {
        const char *ci = getenv("CI");
        if (ci != NULL && *ci)
            cr_assert_fail("chromium is missing, and CI must render the HTML report: install it "
                           "with '.ci/install-deps chromium' (Debian's chromium package)");
        cr_skip_test("chromium not found: the HTML report was not rendered in a browser "
                     "(.ci/install-deps chromium installs it; CI always does)");
    }
    return c;
}

/* Runs Chromium headless on file://page with one more argument (what to
 * do); returns what it printed on stdout. `profile` is an empty directory of
 * its own. */
static char *chromium(const char *bin, const char *profile, const char *page, const char *what)
{
    char user_data[700], url[800];
    snprintf(user_data, sizeof user_data, "--user-data-dir=%s", profile);
    snprintf(url, sizeof url, "file://%s", page);
    char *argv[] = {"/usr/bin/timeout", "120", (char *)bin, "--headless", "--no-sandbox",
                    "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic",
                    "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,2000",
                    "--hide-scrollbars", user_data, (char *)what, url, NULL};
    th_result r = th_run(argv, NULL);
    cr_assert_eq(r.status, 0, "chromium exited %d:\n%.2000s", r.status, r.err);
    free(r.err);
    return r.out;
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Width and height from a PNG's header; 0 when it is not a PNG. */
static int png_size(const char *path, unsigned *w, unsigned *h)
{
    size_t len = 0;
    char *b = th_read_file(path, &len);
    int ok = b != NULL && len > 24 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0 &&
             memcmp(b + 12, "IHDR", 4) == 0;
    if (ok) {
        const unsigned char *u = (const unsigned char *)b;
        *w = (unsigned)u[16] << 24 | (unsigned)u[17] << 16 | (unsigned)u[18] << 8 | u[19];
        *h = (unsigned)u[20] << 24 | (unsigned)u[21] << 16 | (unsigned)u[22] << 8 | u[23];
    }
    free(b);
    return ok;
}

/* The value of attribute `name` in text, into buf ("" when absent). */
static void attr_value(const char *text, const char *name, char *buf, size_t size)
{
    char key[64];
    snprintf(key, sizeof key, "%s=\"", name);
    const char *p = strstr(text, key);
    buf[0] = '\0';
    if (p == NULL)
        return;
    p += strlen(key);
    const char *end = strchr(p, '"');
    snprintf(buf, size, "%.*s", end ? (int)(end - p) : 0, p);
}

Test(report_browser, chromium_renders_the_report_offline_with_charts_of_real_size)
{
    const char *bin = need_chromium();
    const char *dir = th_tmpdir();
    char db[600], page[600], probe[600], blank[600], shot[600], blank_shot[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    snprintf(page, sizeof page, "%s/report.html", dir);
    snprintf(probe, sizeof probe, "%s/probe.html", dir);
    snprintf(blank, sizeof blank, "%s/blank.html", dir);
    snprintf(shot, sizeof shot, "%s/report.png", dir);
    snprintf(blank_shot, sizeof blank_shot, "%s/blank.png", dir);
    th_result r = th_drsim_run("run", "tests/golden/report/small.yaml", "--db", db, "--trace",
                               "1", "--quiet", NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    th_result_free(&r);
    r = th_drsim_run("report", "latest", "--db", db, "-o", page, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);

    /* The screenshot, and one of a blank page to compare it with. */
    char profile[700], arg[700];
    snprintf(profile, sizeof profile, "%s/profile-shot", dir);
    snprintf(arg, sizeof arg, "--screenshot=%s", shot);
    free(chromium(bin, profile, page, arg));
    cr_assert_eq(th_write_file(blank, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/>"
                                      "</head><body></body></html>\n"),
                 0);
    snprintf(profile, sizeof profile, "%s/profile-blank", dir);
    snprintf(arg, sizeof arg, "--screenshot=%s", blank_shot);
    free(chromium(bin, profile, blank, arg));
    unsigned w = 0, h = 0;
    cr_assert(png_size(shot, &w, &h), "no screenshot at %s", shot);
    cr_assert(w == 1280 && h == 2000, "a screenshot of %ux%u", w, h);
    long size = file_size(shot), blank_size = file_size(blank_shot);
    cr_assert(blank_size > 0, "no screenshot of the blank page");
    cr_assert(size > 4 * blank_size, "the screenshot (%ld bytes) looks blank (a blank page: %ld)",
              size, blank_size);

    /* The page as laid out: a probe reports each chart's size and how many
     * resources the page fetched. */
    char *html = th_read_file(page, NULL);
    cr_assert(html != NULL);
    char *end = strstr(html, "</body>");
    cr_assert(end != NULL);
    FILE *f = fopen(probe, "w");
    cr_assert(f != NULL);
    fprintf(f, "%.*s", (int)(end - html), html);
    fputs("<script>(function(){var s=[];"
          "document.querySelectorAll('svg.chart, svg.gantt').forEach(function(e){"
          "var b=e.getBoundingClientRect();s.push(Math.round(b.width)+'x'+Math.round(b.height));});"
          "document.body.setAttribute('data-probe-svgs',s.join(' '));"
          "document.body.setAttribute('data-probe-resources',"
          "String(performance.getEntriesByType('resource').length));})();</script>",
          f);
    fputs(end, f);
    cr_assert_eq(fclose(f), 0);
    free(html);
    snprintf(profile, sizeof profile, "%s/profile-dom", dir);
    char *dom = chromium(bin, profile, probe, "--dump-dom");
    char svgs[512], resources[32];
    attr_value(dom, "data-probe-svgs", svgs, sizeof svgs);
    attr_value(dom, "data-probe-resources", resources, sizeof resources);
    cr_assert_str_eq(resources, "0", "the page fetched resources: %s", resources);
    /* Two distributions and two timelines, each of a real size. */
    size_t n = 0;
    for (char *tok = strtok(svgs, " "); tok != NULL; tok = strtok(NULL, " ")) {
        unsigned sw = 0, sh = 0;
        cr_assert_eq(sscanf(tok, "%ux%u", &sw, &sh), 2, "%s", tok);
        cr_assert(sw >= 400 && sh >= 100, "chart %zu laid out at %ux%u", n, sw, sh);
        n++;
    }
    cr_assert_eq(n, 4, "charts laid out: %zu (%s)", n, svgs);
    free(dom);
}
