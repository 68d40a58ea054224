/*
 * junit.c — JUnit XML (see junit.h).
 */
#include "reports/text/junit.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "sim/core/mem.h"
#include "sim/core/xml.h"

static char *dup_or_null(junit_doc *d, const char *s)
{
    if (s == NULL)
        return NULL;
    char *c = mem_strdup(s);
    if (c == NULL)
        d->failed_alloc = true;
    return c;
}

junit_suite *junit_suite_add(junit_doc *d, const char *name, const char *timestamp, double time)
{
    if (mem_grow((void **)&d->suites, &d->cap, d->nsuites + 1, sizeof *d->suites) != 0) {
        d->failed_alloc = true;
        return NULL;
    }
    junit_suite *s = &d->suites[d->nsuites++];
    memset(s, 0, sizeof *s);
    s->name = dup_or_null(d, name);
    s->timestamp = dup_or_null(d, timestamp);
    s->time = time;
    return s;
}

void junit_property(junit_doc *d, junit_suite *s, const char *name, const char *value)
{
    if (s == NULL)
        return;
    for (int i = 0; i < 7; i++)
        if (s->props[i][0] == NULL) {
            s->props[i][0] = dup_or_null(d, name);
            s->props[i][1] = dup_or_null(d, value ? value : "");
            return;
        }
}

void junit_case_add(junit_doc *d, junit_suite *s, const char *classname, const char *name,
                    bool failed, bool skipped, const char *message, const char *detail)
{
    if (s == NULL)
        return;
    if (mem_grow((void **)&s->cases, &s->cap, s->ncases + 1, sizeof *s->cases) != 0) {
        d->failed_alloc = true;
        return;
    }
    junit_case *c = &s->cases[s->ncases++];
    memset(c, 0, sizeof *c);
    c->classname = dup_or_null(d, classname);
    c->name = dup_or_null(d, name);
    c->failed = failed;
    c->skipped = skipped;
    c->message = dup_or_null(d, message);
    c->detail = dup_or_null(d, detail);
}

void junit_escape(FILE *out, const char *s)
{
    xml_attr(out, s);
}

static void attr(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    xml_attr(out, value);
    fputc('"', out);
}

err_code junit_write(const junit_doc *d, const char *path, err_msg *e)
{
    if (d->failed_alloc)
        return err_set(e, ERR_NOMEM, "%s: out of memory writing the JUnit report", path);
    FILE *out = fopen(path, "w");
    if (out == NULL)
        return err_set(e, ERR_IO, "%s: cannot write the JUnit report: %s", path,
                       strerror(errno));
    size_t tests = 0, failures = 0, skipped = 0;
    double time = 0;
    for (size_t i = 0; i < d->nsuites; i++) {
        time += d->suites[i].time;
        for (size_t k = 0; k < d->suites[i].ncases; k++) {
            tests++;
            failures += d->suites[i].cases[k].failed;
            skipped += d->suites[i].cases[k].skipped;
        }
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out,
            "<testsuites name=\"drsim\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
            "skipped=\"%zu\" time=\"%.3f\">\n",
            tests, failures, skipped, time);
    for (size_t i = 0; i < d->nsuites; i++) {
        const junit_suite *s = &d->suites[i];
        size_t f = 0, sk = 0;
        for (size_t k = 0; k < s->ncases; k++) {
            f += s->cases[k].failed;
            sk += s->cases[k].skipped;
        }
        fputs("  <testsuite", out);
        attr(out, "name", s->name);
        fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\"",
                s->ncases, f, sk, s->time);
        attr(out, "timestamp", s->timestamp ? s->timestamp : "");
        fputs(">\n", out);
        if (s->props[0][0] != NULL) {
            fputs("    <properties>\n", out);
            for (int p = 0; p < 8 && s->props[p][0] != NULL; p++) {
                fputs("      <property", out);
                attr(out, "name", s->props[p][0]);
                attr(out, "value", s->props[p][1]);
                fputs("/>\n", out);
            }
            fputs("    </properties>\n", out);
        }
        for (size_t k = 0; k < s->ncases; k++) {
            const junit_case *c = &s->cases[k];
            fputs("    <testcase", out);
            attr(out, "classname", c->classname);
            attr(out, "name", c->name);
            fputs(" time=\"0\"", out);
            if (!c->failed && !c->skipped) {
                fputs("/>\n", out);
                continue;
            }
            fputs(">\n", out);
            if (c->failed) {
                fputs("      <failure", out);
                attr(out, "message", c->message ? c->message : "failed");
                attr(out, "type", "drsim.failure");
                fputs(">", out);
                xml_text(out, c->detail ? c->detail : c->message);
                fputs("</failure>\n", out);
            } else {
                fputs("      <skipped", out);
                attr(out, "message", c->message ? c->message : "skipped");
                fputs("/>\n", out);
            }
            fputs("    </testcase>\n", out);
        }
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    bool bad = ferror(out) != 0;
    if (fclose(out) != 0)
        bad = true;
    if (bad)
        return err_set(e, ERR_IO, "%s: cannot write the JUnit report: %s", path,
                       strerror(errno ? errno : EIO));
    return ERR_OK;
}

void junit_free(junit_doc *d)
{
    for (size_t i = 0; i < d->nsuites; i++) {
        junit_suite *s = &d->suites[i];
        mem_free(s->name);
        mem_free(s->timestamp);
        for (int p = 0; p < 8; p++) {
            mem_free(s->props[p][0]);
            mem_free(s->props[p][1]);
        }
        for (size_t k = 0; k < s->ncases; k++) {
            mem_free(s->cases[k].classname);
            mem_free(s->cases[k].name);
            mem_free(s->cases[k].message);
            mem_free(s->cases[k].detail);
        }
        mem_free(s->cases);
    }
    mem_free(d->suites);
    memset(d, 0, sizeof *d);
}
