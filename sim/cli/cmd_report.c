/*
 * cmd_report.c — `drsim report RUN[:VARIANT]... [--format html|md|json|csv]
 * [-o FILE] [--db FILE]`: a report of one run, or of several side by side,
 * made from the results store alone (reports/render/render.h).
 *
 * RUN and RUN:VARIANT are what compare takes (reports/text/select.h): a run id,
 * 'latest', a scenario name, FILE#RUN for another database; without
 * :VARIANT every variant of the run. The format defaults to the extension
 * of -o (.html, .htm, .md, .json, .csv), else html. The report goes to
 * standard output, or to FILE written atomically (sim/core/outfile.h); -o may
 * not name a results database the report reads.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "reports/render/html.h"
#include "reports/render/render.h"
#include "reports/render/report.h"
#include "reports/text/select.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/core/mem.h"
#include "sim/core/outfile.h"
#include "sim/core/pathid.h"
#include "sim/run/console.h"

/* The format an output file's extension suggests, or -1. */
static int format_of_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot == NULL || strchr(dot, '/') != NULL)
        return -1;
    if (strcmp(dot, ".htm") == 0)
        return RENDER_HTML;
    return render_format_find(dot + 1);
}

/* Whether path is one of the databases read or one of their companion
 * files, through any alias (sim/core/pathid.h). */
static bool is_database(const sel *s, const char *path)
{
    for (size_t i = 0; i < s->ndb; i++)
        if (pathid_collides(path, s->path[i], store_companions))
            return true;
    return false;
}

/* `report --drill ID`: the drill's HTML debrief (html.h). */
static err_code drill_report(const char *db, const char *id_text, const char *output,
                             bool runs_given, const char *format)
{
    uint64_t id;
    if (runs_given || (format != NULL && strcmp(format, "html") != 0)) {
        con_error("report", "--drill makes the HTML debrief of one drill: give no run and no "
                            "--format but html");
        return ERR_USAGE;
    }
    if (cli_u64("report", "--drill", id_text, 1, INT64_MAX, &id) != ERR_OK)
        return ERR_USAGE;
    err_msg e;
    err_clear(&e);
    store *st = NULL;
    store_drill *d = NULL;
    of_file out = {0};
    err_code rc = store_open(con_db_path(db), STORE_READ, &st, &e);
    if (rc == ERR_OK)
        rc = store_drill_read(st, (int64_t)id, &d, &e);
    if (rc == ERR_OK && output != NULL &&
        pathid_collides(output, con_db_path(db), store_companions))
        rc = err_set(&e, ERR_USAGE,
                     "%s: -o names the results database read or one of its files; choose "
                     "another file",
                     output);
    if (rc == ERR_OK)
        rc = of_open(output, &out, &e);
    if (rc == ERR_OK) {
        rc = html_render_drill(d, out.fp, &e);
        if (rc == ERR_OK)
            rc = of_commit(&out, &e);
        else
            of_abort(&out);
    }
    store_drill_free(d);
    store_close(st);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}

err_code cmd_report(int argc, char **argv)
{
    const char *db = NULL, *format = NULL, *output = NULL, *confidence = NULL, *drill = NULL;
    bool intervals = false;
    const cli_opt opts[] = {
        {"db", 0, CLI_STRING, &db},
        {"format", 'f', CLI_STRING, &format},
        {"drill", 0, CLI_STRING, &drill},
        {"output", 'o', CLI_STRING, &output},
        {"confidence", 0, CLI_STRING, &confidence},
        {"intervals", 0, CLI_FLAG, &intervals},
    };
    const cli_spec spec = {
        "report",
        "report RUN[:VARIANT]... [--format html|md|json|csv] [-o FILE] [--db FILE]\n"
        "  a report of a run, or of several runs or variants side by side:\n"
        "  html  one self-contained page with charts (the default)\n"
        "  md    summary tables and expectations in Markdown (pull requests, CI summaries)\n"
        "  json  the whole run: facts, variants, aggregates, distributions, timelines\n"
        "  csv   one row per trial per variant, every outcome\n"
        "  RUN: a run id, 'latest', a scenario name, or FILE#RUN for another database;\n"
        "  without :VARIANT, every variant of the run\n"
        "  -f, --format F  the format (default: from the extension of -o, else html)\n"
        "  -o, --output FILE  write to FILE (atomically) instead of standard output\n"
        "  --db FILE    results database (default $DRSIM_DB, else ./drsim.db)\n"
        "  --confidence L  the intervals' and the charts' bands' level (default 95%)\n"
        "  --intervals  each figure of the summary tables with its interval\n"
        "       drsim report --drill ID [-o FILE] [--db FILE]\n"
        "  the HTML debrief of a drill (drsim drill): its plays, ranks and timeline",
        opts, 6, 0, 4096, "RUN[:VARIANT]"};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    double level = 0;
    if (rc == ERR_OK && !a.help && confidence != NULL)
        rc = cli_confidence("report", confidence, &level);
    if (rc != ERR_OK || a.help) {
        cli_args_free(&spec, &a);
        return rc;
    }
    if (drill != NULL) {
        rc = drill_report(db, drill, output, a.npos > 0, format);
        cli_args_free(&spec, &a);
        return rc;
    }
    if (a.npos == 0) {
        con_error("report", "expected a run (drsim report RUN), or --drill ID");
        cli_args_free(&spec, &a);
        return ERR_USAGE;
    }
    int f = format ? render_format_find(format) : format_of_path(output);
    if (format == NULL && f < 0)
        f = RENDER_HTML;
    if (f < 0) {
        con_error("report", "unknown format '%s' (expected html, md, json or csv)", format);
        cli_args_free(&spec, &a);
        return ERR_USAGE;
    }
    sel *s = mem_calloc(1, sizeof *s); /* large: not on the stack */
    if (s == NULL) {
        cli_args_free(&spec, &a);
        con_error(NULL, "out of memory");
        return ERR_NOMEM;
    }
    err_msg e;
    err_clear(&e);
    bool show_db = sel_args_name_dbs(a.pos, a.npos);
    for (size_t i = 0; rc == ERR_OK && i < a.npos; i++)
        rc = sel_add(s, con_db_path(db), a.pos[i], show_db, &e);
    for (size_t i = 0; rc == ERR_OK && level > 0 && i < s->ndb; i++)
        store_set_confidence(s->st[i], level);
    if (rc == ERR_OK) {
        sel_short_labels(s);
        /* A variant named twice is reported once. */
        size_t n = 0;
        for (size_t i = 0; i < s->n; i++) {
            bool dup = false;
            for (size_t j = 0; j < n && !dup; j++)
                dup = s->items[j].st == s->items[i].st &&
                      s->items[j].variant_id == s->items[i].variant_id;
            if (!dup)
                s->items[n++] = s->items[i];
        }
        s->n = n;
    }
    if (rc == ERR_OK && output != NULL && is_database(s, output))
        rc = err_set(&e, ERR_USAGE,
                     "%s: -o names a results database read or one of its files; choose another "
                     "file",
                     output);
    char note[512] = "";
    if (rc == ERR_OK && f != RENDER_CSV)
        rc = rpt_rank(s->items, &s->n, note, sizeof note, &e);
    rpt_doc *doc = NULL;
    if (rc == ERR_OK)
        rc = rpt_build(s->items, s->n, &doc, &e);
    if (rc == ERR_OK) {
        snprintf(doc->note, sizeof doc->note, "%s", note);
        doc->intervals = intervals;
    }
    of_file out = {0};
    if (rc == ERR_OK)
        rc = of_open(output, &out, &e);
    if (rc == ERR_OK) {
        errno = 0;
        rc = render_doc(doc, (render_format)f, out.fp, &e);
        if (rc == ERR_IO) {
            /* The stream failed: say why, as the system said it. */
            int err = errno;
            rc = err_set(&e, ERR_IO, "%s: cannot write: %s",
                         output ? output : "standard output", err ? strerror(err) : "I/O error");
        }
        if (rc == ERR_OK)
            rc = of_commit(&out, &e);
        else
            of_abort(&out);
    }
    rpt_free(doc);
    sel_close(s);
    mem_free(s);
    cli_args_free(&spec, &a);
    return rc == ERR_OK ? ERR_OK : con_fail(&e);
}
