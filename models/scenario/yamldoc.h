/*
 * yamldoc.h — a YAML document as a tree of plain nodes with positions.
 *
 * ydoc_parse reads one YAML document with libyaml (the event API) and builds
 * a tree of scalars, sequences and mappings in an arena, each node with the
 * line and column where it starts. Nothing of libyaml appears in this header.
 *
 * Scalars keep their text; nothing is typed (no YAML 1.1 booleans, no
 * numbers): the scenario loader decides what a scalar means where it stands.
 * A plain empty scalar, "~" and "null" are null (ydoc_is_null).
 *
 * Hardening (a scenario file is untrusted input):
 *   - the input must be UTF-8 (checked before libyaml sees it; the first bad
 *     byte's position is reported);
 *   - nesting deeper than YDOC_MAX_DEPTH is an error;
 *   - aliases are shared, not copied, and every node knows its weight (its
 *     node count with aliases expanded); aliases may add at most
 *     YDOC_MAX_ALIAS_NODES expanded nodes in all, so a "billion laughs"
 *     document fails early and walking the tree stays linear;
 *   - at most YDOC_MAX_NODES nodes (about 100 MB of tree at most);
 *   - an alias to a node that contains it (a cycle) is an error;
 *   - one document per file.
 *
 * Flow collections and distributions: in `{ t: uniform(5m, 15m) }` YAML splits
 * the plain scalar at the comma. Since a scenario value never has unbalanced
 * parentheses, such fragments of plain scalars in one flow collection are
 * joined back ("uniform(5m" + "15m)" -> "uniform(5m, 15m)").
 *
 * Ownership: every node lives in the arena given to ydoc_parse.
 */
#ifndef DRSIM_YAMLDOC_H
#define DRSIM_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/core/arena.h"
#include "sim/core/err.h"

#define YDOC_MAX_DEPTH 64
#define YDOC_MAX_ALIAS_NODES 100000u
#define YDOC_MAX_ANCHORS 1000u
#define YDOC_MAX_NODES 1000000u

typedef enum ydoc_kind {
    YDOC_SCALAR = 0,
    YDOC_SEQ,
    YDOC_MAP
} ydoc_kind;

typedef struct ydoc_node ydoc_node;

struct ydoc_node {
    ydoc_kind kind;
    uint32_t line, col;  /* 1-based */
    bool plain;          /* a scalar written without quotes or block style */
    const char *tag;     /* an explicit tag as written ("!!str", "!="), or NULL */
    const char *text;    /* scalar: NUL-terminated (may contain NUL bytes: len) */
    size_t len;
    const ydoc_node **items; /* SEQ: n items; MAP: n pairs, items[2i] key, items[2i+1] value */
    size_t n;
    size_t weight;       /* nodes in this subtree, aliases expanded */
    uint32_t height;     /* 1 for a scalar */
};

typedef struct ydoc_error {
    uint32_t line, col;  /* 0 when the error has no position */
    char message[ERR_MSG_MAX];
} ydoc_error;

/* Parses bytes[0..len) into a tree. Returns ERR_OK with *root set (NULL when
 * the stream holds no document); ERR_INPUT with *err filled; ERR_NOMEM. On
 * failure the arena may hold partial nodes (freed with it). */
err_code ydoc_parse(const char *bytes, size_t len, arena *a, ydoc_node **root, ydoc_error *err);

/* Whether a node is null: a plain empty scalar, "~" or "null". */
bool ydoc_is_null(const ydoc_node *n);

/* The value for `key` in a mapping, or NULL (the first when duplicated). */
const ydoc_node *ydoc_get(const ydoc_node *map, const char *key);

/* Checks bytes are UTF-8; on failure sets *line, *col (1-based) and *offset
 * of the first bad byte and returns false. */
bool ydoc_utf8_valid(const char *bytes, size_t len, uint32_t *line, uint32_t *col,
                     size_t *offset);

#endif
