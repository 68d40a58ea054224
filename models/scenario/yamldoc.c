/*
 * yamldoc.c — libyaml events to a positioned node tree.
 *
 * A stack of open collections collects children in growable mem_* arrays;
 * when a collection ends its children are copied into the arena. Anchors are
 * kept in a list (at most YDOC_MAX_ANCHORS); an alias shares its node. The
 * weight and height of every node are computed as it is completed, which is
 * what bounds alias expansion and nesting.
 *
 * libyaml allocates through the C library (it has no allocator hook); all of
 * its memory is released before ydoc_parse returns, on every path.
 */
#include "models/scenario/yamldoc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "sim/core/mem.h"
#include "sim/core/utf8.h"

typedef struct frame {
    ydoc_node *node;
    ydoc_node **kids;
    size_t nkids, cap;
    bool flow;
    size_t anchor; /* index + 1 of the anchor naming this node, or 0 */
} frame;

typedef struct anchor {
    const char *name;
    ydoc_node *node;
    bool open; /* the node is a collection still being built */
} anchor;

typedef struct builder {
    arena *a;
    frame stack[YDOC_MAX_DEPTH + 1];
    size_t depth;
    anchor *anchors;
    size_t nanchors;
    size_t alias_nodes;
    size_t nodes;
    ydoc_node *root;
    int documents;
    ydoc_error *err;
} builder;

static err_code fail_at(builder *b, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static err_code fail_at(builder *b, uint32_t line, uint32_t col, const char *fmt, ...)
{
    b->err->line = line;
    b->err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->err->message, sizeof b->err->message, fmt, ap);
    va_end(ap);
    return ERR_INPUT;
}

bool ydoc_utf8_valid(const char *bytes, size_t len, uint32_t *line, uint32_t *col,
                     size_t *offset)
{
    const unsigned char *s = (const unsigned char *)bytes;
    uint32_t ln = 1, cl = 1;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_decode(s + i, len - i, NULL);
        if (k == 0) {
            *line = ln;
            *col = cl;
            *offset = i;
            return false;
        }
        if (s[i] == '\n') {
            ln++;
            cl = 1;
        } else {
            cl++;
        }
        i += k;
    }
    return true;
}

static ydoc_node *new_node(builder *b, ydoc_kind kind, const yaml_mark_t *m)
{
    b->nodes++;
    ydoc_node *n = arena_alloc(b->a, sizeof *n);
    if (n == NULL)
        return NULL;
    n->kind = kind;
    n->line = (uint32_t)m->line + 1;
    n->col = (uint32_t)m->column + 1;
    n->weight = 1;
    n->height = 1;
    return n;
}

static err_code add_anchor(builder *b, const yaml_char_t *name, ydoc_node *node, bool open,
                           const yaml_mark_t *m)
{
    if (name == NULL)
        return ERR_OK;
    if (b->nanchors == YDOC_MAX_ANCHORS)
        return fail_at(b, (uint32_t)m->line + 1, (uint32_t)m->column + 1,
                       "more than %u anchors (&name) in one file", YDOC_MAX_ANCHORS);
    if (b->anchors == NULL) {
        b->anchors = mem_calloc(YDOC_MAX_ANCHORS, sizeof *b->anchors);
        if (b->anchors == NULL)
            return ERR_NOMEM;
    }
    char *copy = arena_strdup(b->a, (const char *)name);
    if (copy == NULL)
        return ERR_NOMEM;
    b->anchors[b->nanchors++] = (anchor){copy, node, open};
    return ERR_OK;
}

static anchor *find_anchor(builder *b, const char *name)
{
    /* The latest definition wins (YAML allows redefining an anchor). */
    for (size_t i = b->nanchors; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0)
            return &b->anchors[i];
    return NULL;
}

static const char *tag_of(builder *b, const yaml_char_t *tag)
{
    if (tag == NULL)
        return NULL;
    const char *t = (const char *)tag;
    if (strncmp(t, "tag:yaml.org,2002:", 18) == 0) {
        char *s = arena_printf(b->a, "!!%s", t + 18);
        return s ? s : "!!";
    }
    char *s = arena_strdup(b->a, t);
    return s ? s : "!";
}

/* Appends a completed node to the collection on top of the stack (or makes it
 * the root), checking nesting and alias weight. */
static err_code attach(builder *b, ydoc_node *n, bool via_alias, const yaml_mark_t *m)
{
    uint32_t line = (uint32_t)m->line + 1, col = (uint32_t)m->column + 1;
    if (b->depth + n->height > YDOC_MAX_DEPTH + 1)
        return fail_at(b, line, col, "nesting deeper than %d levels", YDOC_MAX_DEPTH);
    if (via_alias) {
        if (n->weight > YDOC_MAX_ALIAS_NODES - b->alias_nodes)
            return fail_at(b, line, col,
                           "aliases expand to more than %u nodes (a scenario file needs far "
                           "fewer; is this a \"billion laughs\" document?)",
                           YDOC_MAX_ALIAS_NODES);
        b->alias_nodes += n->weight;
    }
    if (b->depth == 0) {
        if (b->root != NULL)
            return fail_at(b, line, col, "more than one root node");
        b->root = n;
        return ERR_OK;
    }
    frame *f = &b->stack[b->depth - 1];
    if (f->nkids == f->cap && mem_grow((void **)&f->kids, &f->cap, f->nkids + 1,
                                       sizeof *f->kids) != 0)
        return ERR_NOMEM;
    f->kids[f->nkids++] = n;
    return ERR_OK;
}

static int paren_balance(const ydoc_node *n)
{
    int bal = 0;
    for (size_t i = 0; i < n->len; i++)
        bal += n->text[i] == '(' ? 1 : n->text[i] == ')' ? -1 : 0;
    return bal;
}

static bool plain_scalar(const ydoc_node *n)
{
    return n->kind == YDOC_SCALAR && n->plain && n->tag == NULL;
}

/* Joins fragments[0..count) into fragments[0]'s text with ", ". */
static err_code join(builder *b, ydoc_node *first, ydoc_node *const *more, size_t count)
{
    size_t len = first->len;
    for (size_t i = 0; i < count; i++)
        len += 2 + more[i]->len;
    char *t = arena_alloc(b->a, len + 1);
    if (t == NULL)
        return ERR_NOMEM;
    memcpy(t, first->text, first->len);
    size_t p = first->len;
    for (size_t i = 0; i < count; i++) {
        memcpy(t + p, ", ", 2);
        memcpy(t + p + 2, more[i]->text, more[i]->len);
        p += 2 + more[i]->len;
    }
    t[p] = '\0';
    first->text = t;
    first->len = p;
    return ERR_OK;
}

/* In a flow sequence: "uniform(1m", "2m)" -> "uniform(1m, 2m)". */
static err_code rejoin_seq(builder *b, frame *f)
{
    size_t out = 0;
    for (size_t i = 0; i < f->nkids;) {
        ydoc_node *n = f->kids[i];
        size_t j = i + 1;
        if (plain_scalar(n) && paren_balance(n) > 0) {
            int bal = paren_balance(n);
            size_t k = j;
            while (k < f->nkids && plain_scalar(f->kids[k]) && bal > 0)
                bal += paren_balance(f->kids[k++]);
            if (bal == 0) {
                if (join(b, n, f->kids + j, k - j) != ERR_OK)
                    return ERR_NOMEM;
                j = k;
            }
        }
        f->kids[out++] = n;
        i = j;
    }
    f->nkids = out;
    return ERR_OK;
}

/* In a flow mapping: {t: "uniform(5m", "15m)": null} -> {t: "uniform(5m, 15m)"}. */
static err_code rejoin_map(builder *b, frame *f)
{
    size_t out = 0;
    for (size_t i = 0; i + 1 < f->nkids;) {
        ydoc_node *key = f->kids[i], *value = f->kids[i + 1];
        size_t j = i + 2;
        if (plain_scalar(value) && paren_balance(value) > 0) {
            int bal = paren_balance(value);
            size_t k = j;
            while (k + 1 < f->nkids && bal > 0 && plain_scalar(f->kids[k]) &&
                   plain_scalar(f->kids[k + 1]) && f->kids[k + 1]->len == 0) {
                bal += paren_balance(f->kids[k]);
                k += 2;
            }
            if (bal == 0) {
                ydoc_node *more[64];
                size_t nmore = 0;
                for (size_t x = j; x < k && nmore < 64; x += 2)
                    more[nmore++] = f->kids[x];
                if ((k - j) / 2 == nmore) {
                    if (join(b, value, more, nmore) != ERR_OK)
                        return ERR_NOMEM;
                    j = k;
                }
            }
        }
        f->kids[out++] = key;
        f->kids[out++] = value;
        i = j;
    }
    f->nkids = out;
    return ERR_OK;
}

static err_code open_collection(builder *b, ydoc_kind kind, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    if (b->depth >= YDOC_MAX_DEPTH)
        return fail_at(b, (uint32_t)m->line + 1, (uint32_t)m->column + 1,
                       "nesting deeper than %d levels", YDOC_MAX_DEPTH);
    ydoc_node *n = new_node(b, kind, m);
    if (n == NULL)
        return ERR_NOMEM;
    const yaml_char_t *anchor_name, *tag;
    if (kind == YDOC_SEQ) {
        anchor_name = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        b->stack[b->depth].flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    } else {
        anchor_name = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        b->stack[b->depth].flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    }
    n->tag = tag_of(b, tag);
    b->stack[b->depth].node = n;
    b->stack[b->depth].kids = NULL;
    b->stack[b->depth].nkids = b->stack[b->depth].cap = 0;
    b->stack[b->depth].anchor = 0;
    b->depth++;
    err_code rc = add_anchor(b, anchor_name, n, true, m);
    if (rc == ERR_OK && anchor_name != NULL)
        b->stack[b->depth - 1].anchor = b->nanchors;
    return rc;
}

static err_code close_collection(builder *b, const yaml_mark_t *m)
{
    /* libyaml ends only what it began: a frame is open, with its node. */
    if (NEVER(b->depth == 0 || b->stack[b->depth - 1].node == NULL))
        return ERR_INTERNAL;
    frame *f = &b->stack[b->depth - 1];
    ydoc_node *n = f->node;
    err_code rc = ERR_OK;
    if (f->flow)
        rc = n->kind == YDOC_SEQ ? rejoin_seq(b, f) : rejoin_map(b, f);
    if (rc == ERR_OK && f->nkids > 0) {
        n->items = arena_array(b->a, f->nkids, sizeof *n->items);
        if (n->items == NULL)
            rc = ERR_NOMEM;
        else
            memcpy(n->items, f->kids, f->nkids * sizeof *n->items);
    }
    if (rc == ERR_OK) {
        n->n = n->kind == YDOC_MAP ? f->nkids / 2 : f->nkids;
        for (size_t i = 0; i < f->nkids; i++) {
            n->weight += f->kids[i]->weight;
            if (f->kids[i]->height + 1 > n->height)
                n->height = f->kids[i]->height + 1;
        }
    }
    mem_free(f->kids);
    f->kids = NULL;
    if (f->anchor > 0)
        b->anchors[f->anchor - 1].open = false;
    b->depth--;
    if (rc != ERR_OK)
        return rc;
    return attach(b, n, false, m);
}

static err_code on_event(builder *b, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    uint32_t line = (uint32_t)m->line + 1, col = (uint32_t)m->column + 1;
    if (b->nodes >= YDOC_MAX_NODES)
        return fail_at(b, line, col, "more than %u YAML nodes (a scenario file needs far fewer)",
                       YDOC_MAX_NODES);
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1)
            return fail_at(b, line, col,
                           "a second YAML document starts here (a scenario file holds one)");
        return ERR_OK;
    case YAML_SCALAR_EVENT: {
        ydoc_node *n = new_node(b, YDOC_SCALAR, m);
        if (n == NULL)
            return ERR_NOMEM;
        char *t = arena_alloc(b->a, ev->data.scalar.length + 1);
        if (t == NULL)
            return ERR_NOMEM;
        memcpy(t, ev->data.scalar.value, ev->data.scalar.length);
        n->text = t;
        n->len = ev->data.scalar.length;
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n->tag = tag_of(b, ev->data.scalar.tag);
        err_code rc = add_anchor(b, ev->data.scalar.anchor, n, false, m);
        if (rc != ERR_OK)
            return rc;
        return attach(b, n, false, m);
    }
    case YAML_SEQUENCE_START_EVENT:
        return open_collection(b, YDOC_SEQ, ev);
    case YAML_MAPPING_START_EVENT:
        return open_collection(b, YDOC_MAP, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_collection(b, m);
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        anchor *an = b->anchors ? find_anchor(b, name) : NULL;
        if (an == NULL)
            return fail_at(b, line, col, "alias *%s refers to no anchor &%s before it", name,
                           name);
        if (an->open)
            return fail_at(b, line, col, "alias *%s refers to a node that contains it", name);
        return attach(b, an->node, true, m);
    }
    default:
        return ERR_OK;
    }
}

/* libyaml's reader errors give a byte offset; turn it into line and column. */
static void offset_pos(const char *bytes, size_t len, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t ln = 1, cl = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == '\n') {
            ln++;
            cl = 1;
        } else if ((c & 0xc0) != 0x80) {
            cl++;
        }
    }
    *line = ln;
    *col = cl;
}

static err_code syntax_error(builder *b, const yaml_parser_t *p, const char *bytes, size_t len)
{
    if (p->error == YAML_MEMORY_ERROR)
        return ERR_NOMEM;
    const char *problem = p->problem ? p->problem : "unknown problem";
    uint32_t line, col;
    if (p->error == YAML_READER_ERROR) {
        offset_pos(bytes, len, p->problem_offset, &line, &col);
        if (p->problem_value >= 0 && strstr(problem, "control characters") != NULL)
            return fail_at(b, line, col, "YAML syntax error: %s (found byte 0x%02x)", problem,
                           (unsigned)p->problem_value);
        return fail_at(b, line, col, "YAML syntax error: %s", problem);
    }
    line = (uint32_t)p->problem_mark.line + 1;
    col = (uint32_t)p->problem_mark.column + 1;
    if (p->context != NULL)
        return fail_at(b, line, col, "YAML syntax error: %s (%s at line %u, column %u)", problem,
                       p->context, (unsigned)p->context_mark.line + 1,
                       (unsigned)p->context_mark.column + 1);
    return fail_at(b, line, col, "YAML syntax error: %s", problem);
}

err_code ydoc_parse(const char *bytes, size_t len, arena *a, ydoc_node **root, ydoc_error *err)
{
    *root = NULL;
    err->line = err->col = 0;
    err->message[0] = '\0';
    builder b = {.a = a, .err = err};
    uint32_t line, col;
    size_t off;
    if (!ydoc_utf8_valid(bytes, len, &line, &col, &off)) {
        b.err->line = line;
        b.err->col = col;
        snprintf(err->message, sizeof err->message,
                 "the file is not UTF-8 text (byte 0x%02x here does not start or continue a "
                 "UTF-8 character; save the file as UTF-8)",
                 (unsigned)(unsigned char)bytes[off]);
        return ERR_INPUT;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return ERR_NOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)bytes, len);
    err_code rc = ERR_OK;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = syntax_error(&b, &parser, bytes, len);
            break;
        }
        rc = on_event(&b, &ev);
        bool end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (rc != ERR_OK || end)
            break;
    }
    yaml_parser_delete(&parser);
    for (size_t i = 0; i < b.depth; i++)
        mem_free(b.stack[i].kids);
    mem_free(b.anchors);
    if (rc == ERR_OK)
        *root = b.root;
    return rc;
}

bool ydoc_is_null(const ydoc_node *n)
{
    if (n == NULL)
        return true;
    if (n->kind != YDOC_SCALAR || !n->plain || n->tag != NULL)
        return false;
    return n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
           strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0;
}

const ydoc_node *ydoc_get(const ydoc_node *map, const char *key)
{
    if (map == NULL || map->kind != YDOC_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++) {
        const ydoc_node *k = map->items[2 * i];
        if (k->kind == YDOC_SCALAR && strcmp(k->text, key) == 0)
            return map->items[2 * i + 1];
    }
    return NULL;
}
