/*
 * select.h — which variants a command looks at, from its RUN[:VARIANT]
 * arguments: `drsim compare` and `drsim report` take the same ones.
 *
 * An argument is RUN, RUN:VARIANT, FILE#RUN or FILE#RUN:VARIANT. RUN is what
 * store_run_resolve takes (an id, "latest", a scenario name); without
 * :VARIANT it stands for every variant of the run; VARIANT names a variant,
 * or else a strategy (every variant of it, e.g. each sweep value). FILE#
 * names another database than the default one. Databases are opened for
 * reading, once each.
 *
 * Each selected variant becomes a view_item (view.h) whose label names it:
 * "3:asr", or "FILE#3:asr" when `show_db` is set; sel_short_labels drops the
 * run from the labels when every item comes from one run of one database.
 *
 * There is no limit on the number of variants (a run may hold up to the
 * runner's thousands); commands that show them decide how (compare pages
 * its columns; report charts the leading ones and lists them all).
 *
 * Errors: ERR_USAGE (too many databases), ERR_INPUT (no such run or variant,
 * a run with no results), ERR_NOMEM, or the store's error; the message is in
 * *e. Items added before a failure stay; the selection stays usable.
 *
 * Ownership: a sel owns the stores it opened and its arrays; sel_close
 * closes and frees them (and accepts a zeroed sel). It keeps copies of the
 * paths.
 */
#ifndef DRSIM_SELECT_H
#define DRSIM_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/store/store.h"
#include "reports/text/view.h"
#include "sim/core/err.h"

#define SEL_MAX_DBS 8

typedef struct sel_name {
    char text[96];
} sel_name;

typedef struct sel {
    char path[SEL_MAX_DBS][1024];
    store *st[SEL_MAX_DBS];
    size_t ndb;
    view_item *items;  /* n of them */
    sel_name *names;   /* each item's variant name */
    size_t n, items_cap, names_cap;
} sel;

/* Adds the variants named by one argument; default_db is the database of an
 * argument without FILE#. */
err_code sel_add(sel *s, const char *default_db, const char *arg, bool show_db, err_msg *e);

/* True when any argument names a database (FILE#RUN): labels then show it. */
bool sel_args_name_dbs(const char *const *args, size_t n);

/* Labels are the variants' names alone when every item is from one run of one
 * database. */
void sel_short_labels(sel *s);

/* Closes the databases. Accepts NULL. */
void sel_close(sel *s);

#endif
