/*
 * fields.h — the scenario format as data: one table per section of a
 * scenario file, one row per key.
 *
 * A row says everything the format knows about a key: its name, the kind of
 * quantity it takes (a name, text, a whole number within bounds, a boolean,
 * one of some words, a fixed value or a distribution in a unit, a reference to
 * a named entity or a list of them, a nested mapping, a list of entries),
 * where its value lands (offsetof into the scenario.h struct the section
 * fills), its default (a constant of models/azure/defaults.h, named in the
 * row), which entries it applies to (a strategy's kind), whether it is
 * required, and one line of documentation. Everything that reads or writes
 * the format walks these tables:
 *
 *   loading      loader_fields.c reads a mapping against a table: unknown
 *                and duplicate keys, missing keys, type errors, defaults;
 *   printing     scnprint.c (drsim validate --print) writes a struct back;
 *   the schema   schema.c (drsim schema) writes a JSON Schema;
 *   equality     tests/support/scneq.c compares two scenarios field by field.
 *
 * What a row cannot say — checks across fields (a zone within its region's
 * zones, lag or bandwidth, a plan's limits...), and the few keys whose
 * syntax has several forms that land in different places (FLD_HAND) — is
 * written by hand in loader_world.c, next to the generic reading.
 *
 * Invariants: the order of a table's rows is the order keys are printed in,
 * listed in "unknown key" messages, and checked for missing keys; a row
 * without a key (key == NULL) is a derived landing — a value the loader sets
 * from other keys (which of lag or bandwidth was given, say) — that only
 * equality and defaults see; every landing has a default, so a struct filled
 * from its table's defaults is complete; a table has at most 64 rows.
 *
 * Ownership: the tables are static data.
 */
#ifndef DRSIM_FIELDS_H
#define DRSIM_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/core/units.h"

typedef enum fld_kind {
    FLD_NAME = 0, /* a name: 1 to 63 letters, digits, '-' or '_' (const char *) */
    FLD_TEXT,     /* free text (const char *) */
    FLD_UINT,     /* a whole number in [min, max], or one of `names` for 0
                     (uint32_t; uint64_t with FLD_U64) */
    FLD_BOOL,     /* true or false (bool) */
    FLD_ENUM,     /* one of `names` (an enum); with `sub`, a mapping of sub's
                     keys (landing in the same struct) is the value after the
                     named ones */
    FLD_VALUE,    /* a fixed quantity in `units` (double) */
    FLD_DIST,     /* a distribution of a quantity in `units` (dist) */
    FLD_REF,      /* the name of an entity of the list `ref` (its index:
                     uint32_t; int32_t with FLD_NONE, where SCN_NONE is none) */
    FLD_REFS,     /* a list of names of entities of `ref` (uint32_t *, and a
                     size_t count at `count`) */
    FLD_MAP,      /* a nested mapping of `sub`'s keys; its landings are
                     relative to off (0: in the same struct) */
    FLD_LIST,     /* a list of mappings of `sub`'s keys (sub->size each: a
                     pointer to the array, and a size_t count at `count`) */
    FLD_SWEEP,    /* paths to lists of values (loader.c's sweep) */
    FLD_EXPECT    /* strategies or variants to rules (loader.c's expect) */
} fld_kind;

/* What a reference names. */
typedef enum fld_ref {
    FLD_TO_REGION = 0,
    FLD_TO_ACCOUNT,
    FLD_TO_VM,
    FLD_TO_COSMOS,
    FLD_NREFS
} fld_ref;

/* Row flags. */
enum {
    FLD_REQUIRED = 1u << 0,      /* absent: the error `missing` (where the row applies) */
    FLD_U64 = 1u << 1,           /* FLD_UINT lands a uint64_t */
    FLD_NONE = 1u << 2,          /* FLD_REF takes `none` too (SCN_NONE) */
    FLD_HAND = 1u << 3,          /* read by the section's code in loader_world.c: its
                                    syntax has forms, or lands in places, that the
                                    generic reader does not know (printed through
                                    `show` when it has one, else by its kind) */
    FLD_OMIT_DEFAULT = 1u << 4,  /* printed only when it differs from its default */
    FLD_OMIT_EMPTY = 1u << 5,    /* FLD_LIST, FLD_REFS: printed only when not empty */
    FLD_ONE_OR_LIST = 1u << 6,   /* FLD_LIST: a value that is not a list stands for a
                                    list of one */
    FLD_WORLD = 1u << 7,         /* top level: lands in the scn_world, not the scn_scenario */
    FLD_PRESENT = 1u << 8,       /* a value read without error sets the bool at `present` */
    FLD_OMIT_ABSENT = 1u << 9,   /* printed only when the bool at `present` is set */
    FLD_OMIT_PRESENT = 1u << 10, /* printed only when the bool at `present` is not set
                                    (another row, which sets it, is printed instead) */
    FLD_VERSION = 1u << 11,      /* FLD_UINT: [min, max] are the format versions read */
    FLD_LAND_FIRST = 1u << 12,   /* FLD_MAP: lands in element 0 of the array whose
                                    pointer is at off (the OS disk) */
    FLD_AFTER_FIRST = 1u << 13   /* FLD_LIST: its entries land after element 0 of the
                                    array (the data disks, after the OS disk) */
};

/* Where a row lands when it lands nowhere (the format version) or where its
 * section's code places it (the strategies of each world). */
#define FLD_NOWHERE ((size_t)-1)

/* A default: the number of a whole number, boolean, enum or fixed value, or
 * the constant, uniform or lognormal distribution of a FLD_DIST. `src` names
 * the models/azure/defaults.h constants it comes from (docs, schema). */
typedef enum fld_def_kind {
    FLD_D_NUM = 0,
    FLD_D_UNIFORM,
    FLD_D_LOGNORMAL,
    FLD_D_TEXT
} fld_def_kind;

typedef struct fld_default {
    fld_def_kind kind;
    double a, b;
    const char *text;
    const char *src;
} fld_default;

#define FLD_NUM(x) {.kind = FLD_D_NUM, .a = (x), .src = #x}
#define FLD_UNIFORM(lo, hi) {.kind = FLD_D_UNIFORM, .a = (lo), .b = (hi), .src = #lo ", " #hi}
#define FLD_LOGNORMAL(p50, p99)                                                                    \
    {                                                                                              \
        .kind = FLD_D_LOGNORMAL, .a = (p50), .b = (p99), .src = #p50 ", " #p99                     \
    }
#define FLD_TEXTDEF(t) {.kind = FLD_D_TEXT, .text = (t)}

typedef struct fld_table fld_table;
typedef struct fld_field fld_field;

/* A key the format no longer reads: given, it is an error saying why and
 * what replaced it (instead of "unknown key"). */
typedef struct fld_gone {
    const char *key;
    const char *why;
} fld_gone;
struct ld;
struct ydoc_node;

/* A check of a value beyond its kind (a TTL's bound, a bandwidth above 0):
 * reports at n and returns false when the value (a double, a dist or a
 * uint64_t, as the kind lands) is refused; the field keeps its default. */
typedef bool (*fld_check)(struct ld *L, const fld_field *f, const struct ydoc_node *n,
                          const void *value);

/* A FLD_HAND row's value as the text printed for it. */
typedef void (*fld_show)(const void *base, char *buf, size_t n);

struct fld_field {
    const char *key;           /* NULL: a derived landing */
    fld_kind kind;
    size_t off;                /* where it lands, in the table's struct */
    unsigned flags;
    const char *doc;           /* one line */
    fld_default def;
    const char *missing;       /* FLD_REQUIRED: the error when absent */
    units_kind units;          /* FLD_VALUE, FLD_DIST */
    uint64_t min, max;         /* FLD_UINT: its bounds; FLD_LIST, FLD_REFS: how many
                                  entries (max 0: no bound), which the section's
                                  code checks with its own message */
    const char *const *names;  /* FLD_ENUM: the values; FLD_UINT: the words taken too
                                  (read as 0, any, unless FLD_HAND) */
    const char *pattern;       /* FLD_ENUM read by hand: a text form of the value
                                  besides the words ("zone N"), for the schema */
    fld_ref ref;               /* FLD_REF, FLD_REFS */
    const fld_table *sub;      /* FLD_MAP, FLD_LIST, FLD_ENUM's mapping form */
    size_t count;              /* FLD_REFS, FLD_LIST: where the count lands */
    size_t present;            /* FLD_PRESENT: the bool set when the key is given */
    size_t when_off;           /* applies (and is printed) only when the enum at
                                  when_off ... */
    unsigned when_mask;        /* ... has a value whose bit is set (0: always) */
    fld_check check;
    fld_show show;             /* FLD_HAND */
};

struct fld_table {
    const char *what;          /* names a mapping of the table in messages */
    const char *doc;           /* one line */
    const fld_field *fields;
    size_t n;
    size_t size;               /* the struct an entry fills (FLD_LIST) */
    bool has_pos;              /* an entry records where it was written ... */
    size_t pos;                /* ... in the scn_pos at pos */
    int disc;                  /* the row whose value decides which rows apply
                                  (their when_mask), read first; -1: none */
    const char *disc_noun;     /* a key that does not apply is an error "KEY:
                                  applies to X DISC_NOUN only" (NULL: the section's
                                  code reports it) */
    const char *unique;        /* entries of a list have unique names; the noun for
                                  "a second NOUN named 'x'" (NULL: not checked) */
    bool one_key;              /* a mapping of exactly one of its keys (the
                                  section's code checks it) */
    const fld_gone *gone;      /* keys no longer read, ended by one with key
                                  NULL (NULL: none) */
};

/* The sections. fld_top is the top level (scn_scenario, and scn_world for
 * the rows with FLD_WORLD). */
extern const fld_table fld_top;
extern const fld_table fld_region;
extern const fld_table fld_account;
extern const fld_table fld_vm;
extern const fld_table fld_os_disk;
extern const fld_table fld_disk;
extern const fld_table fld_app;
extern const fld_table fld_entry;
extern const fld_table fld_traffic_manager;
extern const fld_table fld_entry_dns;
extern const fld_table fld_front_door;
extern const fld_table fld_strategy;
extern const fld_table fld_plan_group;
extern const fld_table fld_step;
extern const fld_table fld_notice;
extern const fld_table fld_action;
extern const fld_table fld_consistency_group;
extern const fld_table fld_outage;
extern const fld_table fld_sql;
extern const fld_table fld_cosmos;
extern const fld_table fld_backup;

/* The words of the enums, indexed by their scenario.h values; NULL-terminated. */
extern const char *const fld_redundancy_names[];
extern const char *const fld_access_tier_names[];
extern const char *const fld_disk_kind_names[];
extern const char *const fld_strategy_kind_names[];
extern const char *const fld_recovery_point_names[];
extern const char *const fld_scope_names[];
extern const char *const fld_provider_when_names[];
extern const char *const fld_strata_names[];
extern const char *const fld_control_plane_names[];
extern const char *const fld_vhd_leases_names[];
extern const char *const fld_sql_policy_names[];
extern const char *const fld_consistency_names[];

/* What a reference names, for messages: "region", "storage account", "VM
 * group". */
extern const char *const fld_ref_nouns[FLD_NREFS];

/* The row of t with this key, or NULL; its index in t->fields. */
const fld_field *fld_find(const fld_table *t, const char *key);
size_t fld_index(const fld_table *t, const fld_field *f);


/* Whether a row applies when its when-enum holds v. */
bool fld_applies(const fld_field *f, int v);

/* Whether f's check refuses 0 (and below): a horizon, a size, a share, a
 * value "greater than 0". The schema then offers no bare zero. */
bool fld_refuses_zero(const fld_field *f);

/* Reads an int-sized enum, a uint32_t or an int32_t at base + off. */
int fld_enum_at(const void *base, size_t off);

#endif
