/*
 * csv.c — the CSV report: one row per trial per item (RFC 4180).
 *
 * Columns: run, variant, trial, then one per metric of the catalogue named as
 * the trial table's column (rpo_s, rto_s, ...; oc_metrics[] order), then
 * consistency, then weight: how much the trial counts against an average
 * one — P_s N / N_s for a trial of stratum s of a stratified run (N the
 * variant's trials, N_s those of s: sim/core/wstats.h), so that a weighted
 * mean sum(w x) / sum(w) is drsim's figure; 1 in a run that was not. A header row comes first; lines end in CRLF; a field holding
 * a comma or a double quote is quoted, quotes doubled; a text field is made
 * safe for a terminal and a spreadsheet first (field()). Values are in
 * base units (seconds, bytes, counts; flags 0 or 1) as the shortest decimal
 * text that reads back exactly; an absent value (lost, never, not measured)
 * is an empty field.
 *
 * Trials are streamed from the store item by item, in trial order: memory
 * does not grow with the number of trials.
 */
#include "reports/render/csv.h"

#include <stdio.h>
#include <string.h>

#include "reports/render/report.h"
#include "sim/core/escape.h"
#include "sim/core/units.h"

/* One text field (a name from a scenario or a database). Its control
 * characters are shown escaped (sim/core/escape.h): a CSV may be printed on a
 * terminal. A field a spreadsheet would take for a formula — it begins with
 * =, +, -, @, a tab or a CR (OWASP's CSV injection rule) — gets a leading
 * single quote, so it is read as text. Then it is quoted when it must be. */
static void field(FILE *out, const char *raw)
{
    char safe[1100];
    size_t n = esc_text(raw, safe + 1, sizeof safe - 1);
    char *s = safe + 1;
    if (n < sizeof safe - 1 && strchr("=+-@\t\r", raw[0]) != NULL && raw[0] != '\0') {
        safe[0] = '\'';
        s = safe;
    }
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

err_code csv_render(const rpt_doc *d, FILE *out, err_msg *e)
{
    fputs("run,variant,trial", out);
    for (int m = 0; m < OC_NMETRICS; m++)
        fprintf(out, ",%s", oc_metrics[m].column);
    fputs(",consistency,weight\r\n", out);
    err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < d->nitems; i++) {
        const rpt_item *it = &d->items[i];
        char run[32];
        snprintf(run, sizeof run, "%lld", (long long)d->runs[it->run].r.id);
        wstats_strata ss;
        rc = store_variant_strata(it->st, it->v.id, &ss, e);
        uint64_t all = 0;
        for (size_t s = 0; s < ss.n; s++)
            all += ss.trials[s];
        store_iter *iter = NULL;
        if (rc == ERR_OK)
            rc = store_trials_open(it->st, it->v.id, &iter, e);
        for (bool done = false; rc == ERR_OK;) {
            oc_trial t;
            rc = store_trials_next(iter, &t, &done, e);
            if (rc != ERR_OK || done)
                break;
            fprintf(out, "%s,", run);
            field(out, it->v.name);
            fprintf(out, ",%llu", (unsigned long long)t.trial);
            for (int m = 0; m < OC_NMETRICS; m++) {
                fputc(',', out);
                if (t.present[m]) {
                    char num[64];
                    units_format(UNITS_NUMBER, t.value[m], num, sizeof num);
                    fputs(num, out);
                }
            }
            fputc(',', out);
            if (t.consistency != NULL)
                field(out, t.consistency);
            double w = 1;
            if (ss.n > 0 && t.stratum >= 0)
                w = wstats_weight(&ss, (uint32_t)t.stratum) * (double)all;
            char num[64];
            units_format(UNITS_NUMBER, w, num, sizeof num);
            fprintf(out, ",%s\r\n", num);
            if (ferror(out))
                rc = err_set(e, ERR_IO, "cannot write the report");
        }
        store_iter_close(iter);
    }
    if (rc == ERR_OK && ferror(out))
        rc = err_set(e, ERR_IO, "cannot write the report");
    return rc;
}
