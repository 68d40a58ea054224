/*
 * report_browser.c — the HTML report in real browsers: Debian's
 * headless Chromium and Firefox ESR render it, offline.
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
 * Firefox, which cannot dump its DOM, judges the same layout with a script in
 * the page that blanks it on failure (see its test).
 *
 * Chromium is found as $DRSIM_CHROMIUM, else chromium, chromium-browser or
 * google-chrome on the PATH; Firefox as $DRSIM_FIREFOX, else firefox-esr or
 * firefox. Without one its test fails when $CI is set (CI installs both:
 * .ci/install-deps chromium, .ci/install-deps firefox), and is skipped with a
 * message otherwise.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support/helpers.h"

TestSuite(report_browser);

/* A browser's path ($env, else the first of names on the PATH), or NULL. */
static const char *find_browser(const char *env_name, const char *const *names)
{
    static char path[4096];
    const char *env = getenv(env_name);
    if (env != NULL && *env)
        return access(env, X_OK) == 0 ? env : NULL;
    const char *p = getenv("PATH");
    for (size_t i = 0; names[i] != NULL; i++)
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

/* The browser, or the test fails (under $CI) or is skipped, naming the
 * install-deps set that installs it. */
static const char *need_browser(const char *what, const char *env_name,
                                const char *const *names, const char *deps)
{
    const char *c = find_browser(env_name, names);
    if (c == NULL) {
        const char *ci = getenv("CI");
        if (ci != NULL && *ci)
            cr_assert_fail("%s is missing, and CI must render the HTML report in it: install it "
                           "with '.ci/install-deps %s'", what, deps);
        cr_skip_test("%s not found: the HTML report was not rendered in it "
                     "(.ci/install-deps %s installs it; CI always does)", what, deps);
    }
    return c;
}

static const char *need_chromium(void)
{
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome", NULL};
    return need_browser("chromium", "DRSIM_CHROMIUM", names, "chromium");
}

static const char *need_firefox(void)
{
    static const char *const names[] = {"firefox-esr", "firefox", NULL};
    return need_browser("firefox", "DRSIM_FIREFOX", names, "firefox");
}

/* Runs Chromium headless on file://page with one more argument (what to
 * do); returns what it printed on stdout. `profile` is an empty directory of
 * its own. */
static char *chromium(const char *bin, const char *profile, const char *page, const char *what)
{
    char user_data[700], url[800];
    snprintf(user_data, sizeof user_data, "--user-data-dir=%s", profile);
    snprintf(url, sizeof url, "file://%s", page);
    const char *argv[] = {"/usr/bin/timeout", "120", bin, "--headless", "--no-sandbox",
                    "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic",
                    "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,2000",
                    "--hide-scrollbars", user_data, what, url, NULL};
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

/* Writes `page` to `out` with `script` added just before </body>. */
static void with_script(const char *page, const char *out, const char *script)
{
    char *html = th_read_file(page, NULL);
    cr_assert(html != NULL);
    char *end = strstr(html, "</body>");
    cr_assert(end != NULL);
    FILE *f = fopen(out, "w");
    cr_assert(f != NULL);
    fprintf(f, "%.*s<script>%s</script>%s", (int)(end - html), html, script, end);
    cr_assert_eq(fclose(f), 0);
    free(html);
}

/* The report of tests/golden/report/small.yaml (two variants, one traced
 * trial each) at `page`, from a database in dir. */
static void small_report(const char *dir, const char *page)
{
    char db[600];
    snprintf(db, sizeof db, "%s/r.db", dir);
    th_result r = th_drsim_run("run", "tests/golden/report/small.yaml", "--db", db, "--trace",
                               "1", "--quiet", NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    th_result_free(&r);
    r = th_drsim_run("report", "latest", "--db", db, "-o", page, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    th_result_free(&r);
}

static const char blank_page[] = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/>"
                                 "</head><body></body></html>\n";

Test(report_browser, chromium_renders_the_report_offline_with_charts_of_real_size)
{
    const char *bin = need_chromium();
    const char *dir = th_tmpdir();
    char page[600], probe[600], blank[600], shot[600], blank_shot[600];
    snprintf(page, sizeof page, "%s/report.html", dir);
    snprintf(probe, sizeof probe, "%s/probe.html", dir);
    snprintf(blank, sizeof blank, "%s/blank.html", dir);
    snprintf(shot, sizeof shot, "%s/report.png", dir);
    snprintf(blank_shot, sizeof blank_shot, "%s/blank.png", dir);
    small_report(dir, page);

    /* The screenshot, and one of a blank page to compare it with. */
    char profile[700], arg[700];
    snprintf(profile, sizeof profile, "%s/profile-shot", dir);
    snprintf(arg, sizeof arg, "--screenshot=%s", shot);
    free(chromium(bin, profile, page, arg));
    cr_assert_eq(th_write_file(blank, blank_page), 0);
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
    with_script(page, probe,
                "(function(){var s=[];"
                "document.querySelectorAll('svg.chart, svg.gantt').forEach(function(e){"
                "var b=e.getBoundingClientRect();"
                "s.push(Math.round(b.width)+'x'+Math.round(b.height));});"
                "document.body.setAttribute('data-probe-svgs',s.join(' '));"
                "document.body.setAttribute('data-probe-resources',"
                "String(performance.getEntriesByType('resource').length));})();");
    snprintf(profile, sizeof profile, "%s/profile-dom", dir);
    char *dom = chromium(bin, profile, probe, "--dump-dom");
    char svgs[512], resources[32];
    attr_value(dom, "data-probe-svgs", svgs, sizeof svgs);
    attr_value(dom, "data-probe-resources", resources, sizeof resources);
    cr_assert_str_eq(resources, "0", "the page fetched resources: %s", resources);
    /* Two distributions, two timelines and the cost frontier, each of a real
     * size. */
    size_t n = 0;
    for (char *tok = strtok(svgs, " "); tok != NULL; tok = strtok(NULL, " ")) {
        unsigned sw = 0, sh = 0;
        cr_assert_eq(sscanf(tok, "%ux%u", &sw, &sh), 2, "%s", tok);
        cr_assert(sw >= 400 && sh >= 100, "chart %zu laid out at %ux%u", n, sw, sh);
        n++;
    }
    cr_assert_eq(n, 5, "charts laid out: %zu (%s)", n, svgs);
    free(dom);
}

/* Runs Firefox headless on file://page, taking a screenshot of the window
 * (1280x2000) into shot. `profile` is an empty directory of its own; its
 * preferences send every connection to a closed local port and turn DNS off,
 * so nothing can leave the machine. */
static void firefox_shot(const char *bin, const char *profile, const char *page,
                         const char *shot)
{
    cr_assert_eq(mkdir(profile, 0700), 0, "%s", profile);
    char prefs[800];
    snprintf(prefs, sizeof prefs, "%s/user.js", profile);
    cr_assert_eq(th_write_file(prefs,
                               "user_pref(\"network.proxy.type\", 1);\n"
                               "user_pref(\"network.proxy.http\", \"127.0.0.1\");\n"
                               "user_pref(\"network.proxy.http_port\", 9);\n"
                               "user_pref(\"network.proxy.ssl\", \"127.0.0.1\");\n"
                               "user_pref(\"network.proxy.ssl_port\", 9);\n"
                               "user_pref(\"network.proxy.no_proxies_on\", \"\");\n"
                               "user_pref(\"network.dns.disabled\", true);\n"
                               "user_pref(\"app.update.enabled\", false);\n"
                               "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);\n"
                               "user_pref(\"toolkit.telemetry.enabled\", false);\n"
                               "user_pref(\"browser.shell.checkDefaultBrowser\", false);\n"),
                 0);
    char url[800];
    snprintf(url, sizeof url, "file://%s", page);
    const char *argv[] = {"/usr/bin/env", NULL, "/usr/bin/timeout", "120", bin, "--headless",
                    "--no-remote", "--profile", profile, "--window-size=1280,2000",
                    "--screenshot", shot, url, NULL};
    /* Firefox writes its caches under $HOME: a scratch one. */
    char home[800];
    snprintf(home, sizeof home, "HOME=%s", profile);
    argv[1] = home;
    th_result r = th_run(argv, NULL);
    cr_assert_eq(r.status, 0, "firefox exited %d:\n%.2000s", r.status, r.err);
    th_result_free(&r);
}

/* Firefox has no --dump-dom: the probe judges the layout in the page itself
 * and, when something is wrong (not five charts of a real size, or any
 * resource fetched), empties the page, so the screenshot comes out blank. A
 * second probe that demands six charts must blank it: the probe can fail. */
Test(report_browser, firefox_renders_the_report_offline_with_charts_of_real_size)
{
    const char *bin = need_firefox();
    const char *dir = th_tmpdir();
    char page[600], probe[600], impossible[600], blank[600];
    snprintf(page, sizeof page, "%s/report.html", dir);
    snprintf(probe, sizeof probe, "%s/probe.html", dir);
    snprintf(impossible, sizeof impossible, "%s/impossible.html", dir);
    snprintf(blank, sizeof blank, "%s/blank.html", dir);
    small_report(dir, page);
#define CHECK_SCRIPT(charts)                                                                \
    "(function(){var s=document.querySelectorAll('svg.chart, svg.gantt'),"                   \
    "ok=s.length===" #charts ";s.forEach(function(e){var b=e.getBoundingClientRect();"        \
    "if(b.width<400||b.height<100)ok=false;});"                                              \
    "if(performance.getEntriesByType('resource').length!==0)ok=false;"                       \
    "if(!ok)document.body.innerHTML='';})();"
    with_script(page, probe, CHECK_SCRIPT(5));
    with_script(page, impossible, CHECK_SCRIPT(6));
#undef CHECK_SCRIPT
    cr_assert_eq(th_write_file(blank, blank_page), 0);

    const char *pages[] = {probe, impossible, blank};
    long sizes[3];
    for (int i = 0; i < 3; i++) {
        char profile[700], shot[700];
        snprintf(profile, sizeof profile, "%s/ff-profile-%d", dir, i);
        snprintf(shot, sizeof shot, "%s/ff-shot-%d.png", dir, i);
        firefox_shot(bin, profile, pages[i], shot);
        unsigned w = 0, h = 0;
        cr_assert(png_size(shot, &w, &h), "no screenshot at %s", shot);
        cr_assert(w == 1280 && h == 2000, "a screenshot of %ux%u", w, h);
        sizes[i] = file_size(shot);
    }
    cr_assert(sizes[2] > 0, "no screenshot of the blank page");
    cr_assert(sizes[0] > 4 * sizes[2],
              "Firefox's report (%ld bytes) looks blank (a blank page: %ld): a chart laid out "
              "smaller than 400x100, not 5 charts, or a resource fetched", sizes[0], sizes[2]);
    cr_assert(sizes[1] < 2 * sizes[2],
              "the probe that demands 6 charts did not blank the page (%ld bytes; blank %ld)",
              sizes[1], sizes[2]);
}
