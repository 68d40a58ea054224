/*
 * loaderInt.h — internals shared by the loader's files (loader.c: files,
 * diagnostics, the top level, sweep, variants, expectations; loader_fields.c:
 * a mapping read against its table of fields.h; loader_world.c: one world and
 * its strategies, the checks across fields; scnprint.c: printing back;
 * fields.c: the tables and their checks of single values).
 *
 * A loading context (ld) carries the arena of the scenario being built and the
 * diagnostics. Every "get" helper reports its own error at the node and
 * returns false; conversion goes on after an error so that all errors of a
 * file are found in one pass. Diagnostics are deduplicated (the same message
 * at the same place is kept once), so reading a node twice adds nothing.
 */
#ifndef DRSIM_LOADER_INT_H
#define DRSIM_LOADER_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "models/azure/defaults.h"
#include "models/scenario/disttext.h"
#include "models/scenario/fields.h"
#include "models/scenario/loader.h"
#include "models/scenario/yamldoc.h"
#include "sim/core/arena.h"
#include "sim/core/units.h"

/* The largest quantity of each kind the models compute exactly, checked on
 * every value and every distribution at load (a distribution without a
 * maximum by its mean plus 50 standard deviations). Counts over the longest
 * horizon (3650d) stay below 2^53, so they are exact in a double and a
 * uint64 (2e7 writes/s * 3650d = 6.3e15); a disk's writes (its churn over
 * one sector, 10GB/s / 512B) stay within that rate; times in µs stay far
 * inside int64. (Documented in scenarios/README.md "Limits".) */
#define SCN_MAX_DURATION (100000 * 86400.0) /* 100000d */
#define SCN_MAX_SIZE (1024.0 * 1024 * 1024 * 1024 * 1024) /* 1PiB */
#define SCN_MAX_RATE 2e7 /* writes per second */
#define SCN_MAX_BYTE_RATE DISK_MAX_THROUGHPUT /* 10GB/s: Azure's fastest disk */

/* Limits of the format (documented in scenarios/README.md). */
#define SCN_MAX_HORIZON (3650 * 86400.0)
#define SCN_MAX_WORLDS 1000
#define SCN_MAX_SWEEP_VALUES 100
#define SCN_MAX_VM_COUNT 1000
#define SCN_MAX_ZONES 16
#define SCN_MAX_DATACENTERS 100
#define SCN_MAX_NAME 63
#define SCN_MAX_ENTRIES 1000 /* entries of any one list or free-form mapping */
/* What one world builds for every trial: VM instances (the groups' counts
 * added up) and their disks (each with its own write stream). */
#define SCN_MAX_VMS 5000
#define SCN_MAX_DISKS 20000
/* Entries of all worlds together (regions, accounts, VM groups and their
 * disks, apps, outages, strategies, plan groups, times the sweep's
 * combinations): what the loader holds in memory for the variants. */
#define SCN_MAX_WORLD_ENTRIES 1000000
#define SCN_FORMAT_VERSION 1

/* Diagnostics kept before sorting and cutting to SCN_MAX_ERRORS. */
#define LD_MAX_DIAGS 1000

typedef struct ld {
    arena *a;
    scn_diags *diags;
    const char *base_dir; /* for empirical(file=) */
    err_code nomem;       /* ERR_NOMEM once an allocation failed */
} ld;

/* Reports an error / a warning at a node (NULL: no position). */
void ld_error(ld *L, const ydoc_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ld_warn(ld *L, const ydoc_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ld_error_pos(ld *L, scn_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ld_warn_pos(ld *L, scn_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Sorts the diagnostics by position (stable; no position first), keeps at
 * most SCN_MAX_ERRORS errors and adds a line saying how many more there
 * were. */
void ld_diags_finish(scn_diags *d);

/* How many names a NULL-terminated list holds. */
size_t ld_count(const char *const *names);

/* Records an out-of-memory condition; returns false for `return ld_oom(L)`. */
bool ld_oom(ld *L);

scn_pos ld_pos(const ydoc_node *n);

/* The closest of `names` (n of them) to `word` when close enough to be a
 * likely typo, else NULL. */
const char *ld_suggest(const char *word, const char *const *names, size_t n);

/* Describes a node for "found ..." ("a list", "a mapping", "nothing", "\"x\""). */
const char *ld_found(const ydoc_node *n);

/* Checks a mapping's keys against the keys of table t: unknown keys (with a
 * suggestion) and duplicates are errors; t->what names the mapping in
 * messages ("a storage account"). Returns false when `map` is not a mapping. */
bool ld_keys(ld *L, const ydoc_node *map, const fld_table *t);

/* A scalar usable as a value (not null, no stray tag); reports otherwise. */
bool ld_scalar(ld *L, const ydoc_node *n, const char *key, const char *expected);

/* Value getters: `n` is the value node of `key` (for messages). They report
 * and return false on error, leaving *out unchanged. */
bool ld_name(ld *L, const ydoc_node *n, const char *key, const char **out);
bool ld_string(ld *L, const ydoc_node *n, const char *key, const char **out);
bool ld_uint(ld *L, const ydoc_node *n, const char *key, uint64_t min, uint64_t max,
             uint64_t *out);
bool ld_bool(ld *L, const ydoc_node *n, const char *key, bool *out);
bool ld_value(ld *L, const ydoc_node *n, const char *key, units_kind kind, double *out);
bool ld_dist(ld *L, const ydoc_node *n, const char *key, units_kind kind, dist *out);
/* One of names[] (NULL-terminated); *out is its index. */
bool ld_enum(ld *L, const ydoc_node *n, const char *key, const char *const *names, int *out);

/* A list node (a single scalar is not a list); reports otherwise. ld_is_list
 * tells the same without reporting. */
bool ld_list(ld *L, const ydoc_node *n, const char *key);
bool ld_is_list(const ydoc_node *n);

/* ---- A mapping read against its table (loader_fields.c) ----------------------- */

/* Names that references resolve against: the names of a list, in order (NULL
 * for an entry without a valid name). */
typedef struct ld_names {
    const char **v;
    size_t n;
} ld_names;

/* The lists references may name, by fld_ref. */
typedef struct ld_refs {
    ld_names of[FLD_NREFS];
} ld_refs;

/* What reading a mapping found: bit i for row i of its table, given in the
 * mapping, and read without error. */
typedef struct ld_got {
    uint64_t given, ok;
} ld_got;

/* Sets every landing of row f (of t) in base to its default; every landing
 * of a list or a list of references to empty. */
void ld_default(const fld_field *f, void *base);
void ld_default_dist(const fld_default *d, dist *out);
void ld_defaults(const fld_table *t, void *base);

/* Reads `map` against table t into base: unknown and duplicate keys, missing
 * required keys (of the rows that apply), every row's value (FLD_HAND rows
 * are left to the caller). A row that fails keeps its default. Returns true
 * when map is a mapping and every row was read without error; *got (when
 * not NULL) says which rows were given and which read well. */
bool ld_fields(ld *L, const fld_table *t, const ydoc_node *map, void *base, const ld_refs *refs,
               ld_got *got);

/* Reads the value n of row f into base (false after reporting). */
bool ld_field(ld *L, const fld_field *f, const ydoc_node *n, void *base, const ld_refs *refs);

/* Whether row `key` of t was given / read without error. */
bool ld_got_given(const ld_got *g, const fld_table *t, const char *key);
bool ld_got_ok(const ld_got *g, const fld_table *t, const char *key);

/* Resolves a reference to one of ns; reports "unknown WHAT 'x' (did you
 * mean ...?)". */
bool ld_resolve(ld *L, const ydoc_node *n, const char *key, const ld_names *ns, const char *what,
                uint32_t *out);

/* Reports entry i's name (ns->v[i]) when an earlier entry has it: "KEY: a
 * second NOUN named 'x'" at `at`. */
void ld_unique(ld *L, const ydoc_node *at, const char *key, const char *noun, const ld_names *ns,
               size_t i);

/* Converts one world and its strategies from a (sweep-substituted) document
 * root. Returns false on errors (reported) or out of memory (L->nomem). */
bool ld_world(ld *L, const ydoc_node *root, scn_world *w, scn_strategy **strategies,
              size_t *nstrategies);

/* How many entries a converted world holds (for SCN_MAX_WORLD_ENTRIES). */
size_t ld_world_entries(const scn_world *w, const scn_strategy *strategies, size_t nstrategies);

/* Whether text can be written as a plain YAML scalar (in flow context when
 * flow) and read back as the same string. */
bool ld_plain_ok(const char *t, size_t n, bool flow);

/* The text as a YAML scalar that reads back as the same string: plain when
 * ld_plain_ok, else double-quoted with escapes. mem_malloc'd; NULL when out
 * of memory. */
char *ld_yaml_scalar(const char *t, size_t n, bool flow);

#endif
