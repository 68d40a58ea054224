/*
 * junit.h — JUnit XML, the test-report format Jenkins and GitLab read.
 *
 * The document is
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <testsuites name="drsim" tests=".." failures=".." errors="0" skipped=".." time="..">
 *     <testsuite name=".." tests=".." failures=".." errors="0" skipped=".." time=".."
 *                timestamp="..">
 *       <properties><property name=".." value=".."/>...</properties>
 *       <testcase classname=".." name=".." time="..">
 *         <failure message=".." type="..">text</failure>      (when failed)
 *         <skipped message=".."/>                            (when skipped)
 *       </testcase>
 *     </testsuite>
 *   </testsuites>
 * Every attribute and text is escaped (& < > " '), characters XML 1.0 does
 * not allow (control characters other than tab, newline and carriage return)
 * and bytes that are not UTF-8 are replaced by U+FFFD, so any scenario or
 * variant name gives well-formed XML.
 */
#ifndef DRSIM_JUNIT_H
#define DRSIM_JUNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sim/core/err.h"

typedef struct junit_case {
    char *classname;  /* owned */
    char *name;       /* owned */
    bool failed, skipped;
    char *message;    /* owned; the failure or skip message */
    char *detail;     /* owned; the failure's text (observed vs expected) */
} junit_case;

typedef struct junit_suite {
    char *name;        /* owned */
    char *timestamp;   /* owned; ISO 8601 */
    double time;       /* seconds */
    char *props[8][2]; /* owned name/value pairs, NULL-terminated */
    junit_case *cases;
    size_t ncases, cap;
} junit_suite;

typedef struct junit_doc {
    junit_suite *suites;
    size_t nsuites, cap;
    bool failed_alloc;
} junit_doc;

/* Adds a suite (copies the strings); returns it, or NULL when out of memory
 * (the document remembers it). */
junit_suite *junit_suite_add(junit_doc *d, const char *name, const char *timestamp,
                             double time);
void junit_property(junit_doc *d, junit_suite *s, const char *name, const char *value);

/* Adds a test case; message/detail may be NULL. */
void junit_case_add(junit_doc *d, junit_suite *s, const char *classname, const char *name,
                    bool failed, bool skipped, const char *message, const char *detail);

/* Writes the document to path. Returns ERR_OK, ERR_NOMEM (an earlier
 * allocation failed) or ERR_IO (with a message naming the file). */
err_code junit_write(const junit_doc *d, const char *path, err_msg *e);

/* Writes s escaped for an XML attribute value (also fit for text). */
void junit_escape(FILE *out, const char *s);

void junit_free(junit_doc *d);

#endif
