/*
 * loader.h — reading scenario files.
 *
 * scn_load parses a YAML scenario with libyaml, checks it completely, and
 * returns a scenario (scenario.h) in which every default is filled in and
 * every reference resolved. Nothing of libyaml leaks past this interface.
 *
 * Diagnostics: every problem found is reported — up to SCN_MAX_ERRORS errors
 * in one pass, plus warnings — each with the file, line and column and a
 * message saying what is wrong and what was expected. They are printed as
 *     drsim: FILE:LINE:COL: message
 *     drsim: FILE:LINE:COL: warning: message
 * Loading fails (ERR_INPUT) when there is at least one error; warnings alone
 * do not fail it.
 *
 * Ownership: *out belongs to the caller, released with scn_free. A diags list
 * belongs to whoever initialised it; scn_diags_free releases its messages.
 * A diags list holds the diagnostics of one file: scn_load and
 * scn_load_buffer clear it first.
 *
 * The format is declared once, as the tables of fields.h (each key's kind,
 * landing, default and documentation), and explained in scenarios/README.md.
 */
#ifndef DRSIM_LOADER_H
#define DRSIM_LOADER_H

#include <stdbool.h>
#include <stdio.h>

#include "models/scenario/scenario.h"
#include "sim/core/err.h"
#include "sim/core/units.h"

#define SCN_MAX_ERRORS 20
#define SCN_MAX_FILE_SIZE (16u * 1024 * 1024)
/* The most trials a run may have: the scenario's `trials:` and the command
 * line's --trials alike (scenarios/README.md "Limits"). */
#define SCN_MAX_TRIALS 10000000ull

typedef struct scn_diag {
    bool warning;
    const char *file;  /* points into the diags' storage */
    uint32_t line, col;
    char *message;     /* owned by the diags list */
} scn_diag;

typedef struct scn_diags {
    scn_diag *items;
    size_t len, cap;
    size_t errors;     /* how many items are errors */
    char *file;        /* the file name the items refer to (owned) */
} scn_diags;

void scn_diags_init(scn_diags *d);
void scn_diags_free(scn_diags *d);

/* Prints every diagnostic as one line on `out` (in the format above). */
void scn_diags_print(const scn_diags *d, FILE *out);

/* Loads the scenario file at `path`. Returns ERR_OK with *out set; ERR_INPUT
 * (with errors in *diags) when the file is unreadable or invalid; ERR_NOMEM.
 * On failure *out is NULL. */
err_code scn_load(const char *path, scn_scenario **out, scn_diags *diags);

/* As scn_load, from bytes in memory; `name` is used in messages. */
err_code scn_load_buffer(const char *name, const char *bytes, size_t len,
                         scn_scenario **out, scn_diags *diags);

/* A value set from outside the file (drsim solve's probes): the path as a
 * sweep writes it (strategies.asr.decide, outages.0.duration), the value's
 * text as the file would write it ("1h30m"), and `origin`, what the
 * messages name it by ("--param"; NULL: "setting"). */
typedef struct scn_setting {
    const char *path;
    const char *value;
    const char *origin;
} scn_setting;

/* As scn_load, with each setting applied as a sweep of that one value
 * would be: the path checked as a sweep's (and no sweep of the file may
 * overlap it), the value read and checked where it lands, as the file's
 * own values are. The variants keep the file's names. A diagnostic about a
 * setting has no line (it is not in the file) and names its origin or its
 * key. */
err_code scn_load_set(const char *path, const scn_setting *set, size_t nset,
                      scn_scenario **out, scn_diags *diags);

/* What a sweep path names, looked up in the tables alone (whether the file
 * has that element is for the load to say): a quantity (a fixed value or a
 * distribution: *kind its unit, *is_dist whether it takes a distribution) ->
 * ERR_OK; anything else -> ERR_INPUT with "what is wrong (what was
 * expected)" in *e. */
err_code scn_path_quantity(const char *path, units_kind *kind, bool *is_dist, err_msg *e);

/* Releases a scenario. Accepts NULL. */
void scn_free(scn_scenario *s);

/* Writes the resolved scenario — every default filled in, units normalised —
 * as a scenario file that scn_load reads back to the same scenario. Returns
 * ERR_OK or ERR_IO. */
err_code scn_print(const scn_scenario *s, FILE *out);

#endif
