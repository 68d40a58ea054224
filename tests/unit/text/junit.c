/*
 * junit.c — the JUnit writer: well-formed whatever the names hold, parsed
 * back, with the counts and failure text CI servers read.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/check/baseline.h"
#include "reports/text/junit.h"
#include "sim/core/mem.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"
#include "tests/support/xmlcheck.h"

Test(junit, hostile_names_give_well_formed_xml)
{
    junit_doc d = {0};
    const char *evil = "x'); DROP TABLE run; -- <script>alert(\"&\")</script>\x01\xff]]>";
    junit_suite *s = junit_suite_add(&d, evil, "2024-01-01T00:00:00Z", 1.5);
    junit_property(&d, s, "seed", "42");
    junit_case_add(&d, s, "drsim.x.asr", "rpo.p99 <= 15m", true, false,
                   "observed 22m 10s, expected <= 15m", "observed: 22m 10s\nexpected: <= 15m");
    junit_case_add(&d, s, evil, evil, false, false, NULL, NULL);
    junit_case_add(&d, s, "drsim.x.baseline", "no baseline", false, true, "no baseline run",
                   NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/junit.xml", th_tmpdir());
    err_msg e;
    cr_assert_eq(junit_write(&d, path, &e), ERR_OK, "%s", e.text);
    junit_free(&d);

    char *xml = th_read_file(path, NULL);
    size_t cases = 0;
    xc_result r = xc_check(xml, "testcase", &cases);
    cr_assert(r.ok, "%s\n%s", r.error, xml);
    cr_assert_eq(cases, 3);
    size_t failures = 0;
    xc_check(xml, "failure", &failures);
    cr_assert_eq(failures, 1);
    char buf[256];
    cr_assert_eq(xc_attr(xml, "testsuites", 0, "failures", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "1");
    cr_assert_eq(xc_attr(xml, "testsuites", 0, "skipped", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "1");
    cr_assert_eq(xc_attr(xml, "testsuite", 0, "name", buf, sizeof buf), 0);
    cr_assert(strncmp(buf, "x'); DROP TABLE run; -- <script>alert(\"&\")</script>", 50) == 0,
              "%s", buf);
    cr_assert_eq(xc_attr(xml, "failure", 0, "message", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "observed 22m 10s, expected <= 15m");
    free(xml);
}

Test(junit, the_checker_rejects_broken_xml)
{
    cr_assert(!xc_check("<a><b></a></b>", NULL, NULL).ok);
    cr_assert(!xc_check("<a x=\"1\" x=\"2\"/>", NULL, NULL).ok);
    cr_assert(!xc_check("<a>&bogus;</a>", NULL, NULL).ok);
    cr_assert(!xc_check("<a>1 < 2</a>", NULL, NULL).ok);
    cr_assert(!xc_check("<a x=\"<\"/>", NULL, NULL).ok);
    cr_assert(!xc_check("<a>\x01</a>", NULL, NULL).ok);
    cr_assert(!xc_check("<a/><b/>", NULL, NULL).ok);
    cr_assert(xc_check("<?xml version=\"1.0\"?>\n<a x='1'>t &amp; &#10;<b/></a>\n", NULL,
                       NULL).ok);
}

Test(junit, writing_to_an_unwritable_place_is_an_io_error)
{
    junit_doc d = {0};
    junit_suite_add(&d, "s", NULL, 0);
    err_msg e;
    cr_assert_eq(junit_write(&d, "/nonexistent-dir/junit.xml", &e), ERR_IO);
    cr_assert(strstr(e.text, "/nonexistent-dir/junit.xml") != NULL);
    junit_free(&d);
}
