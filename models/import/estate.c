/*
 * estate.c — the inventory `drsim import` fills (see estate.h): its arena,
 * findings, resource ids, and the vocabulary shared by the three readers
 * (SKUs, regions, consistency levels).
 *
 * Invariant: every pointer an estate holds points into its arena (or to a
 * string literal of this file); est_free releases the arena and the
 * estate, nothing else.
 */
#include "models/import/estate.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sim/core/mem.h"

/* The longest scenario name (scenarios/README.md, "Conventions"). */
enum { SCN_NAME_MAX = 63 };

est_estate *est_new(const char *file)
{
    est_estate *e = mem_calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    arena_init(&e->mem);
    e->file = arena_strdup(&e->mem, file);
    if (e->file == NULL) {
        est_free(e);
        return NULL;
    }
    return e;
}

void est_free(est_estate *e)
{
    if (e == NULL)
        return;
    arena_free(&e->mem);
    mem_free(e);
}

const char *est_str(est_estate *e, const char *s)
{
    if (s == NULL)
        return NULL;
    const char *copy = arena_strdup(&e->mem, s);
    if (copy == NULL)
        e->oom = true;
    return copy;
}

static const char *vfmt(est_estate *e, const char *fmt, va_list ap)
{
    char small[512];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    const char *out = NULL;
    if (n >= 0 && (size_t)n < sizeof small) {
        out = est_str(e, small);
    } else if (n >= 0) {
        char *big = arena_alloc(&e->mem, (size_t)n + 1);
        if (big != NULL)
            vsnprintf(big, (size_t)n + 1, fmt, again);
        else
            e->oom = true;
        out = big;
    }
    va_end(again);
    return out;
}

const char *est_fmt(est_estate *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = vfmt(e, fmt, ap);
    va_end(ap);
    return s;
}

void *est_push(est_estate *e, void *items, size_t *n, size_t *cap, size_t size)
{
    void **array = items;
    if (*n == *cap) {
        size_t grown = *cap == 0 ? 8 : *cap * 2;
        char *bigger = arena_array(&e->mem, grown, size);
        if (bigger == NULL) {
            e->oom = true;
            return NULL;
        }
        if (*n > 0)
            memcpy(bigger, *array, *n * size);
        *array = bigger;
        *cap = grown;
    }
    char *slot = (char *)*array + *n * size;
    memset(slot, 0, size);
    (*n)++;
    return slot;
}

static void finding(est_estate *e, bool error, const char *path, const char *fmt, va_list ap)
{
    const char *text = vfmt(e, fmt, ap);
    if (text == NULL)
        return;
    for (size_t i = 0; i < e->nfindings; i++) {
        const est_finding *f = &e->findings[i];
        bool same_path = (f->path == NULL && path == NULL) ||
                         (f->path != NULL && path != NULL && strcmp(f->path, path) == 0);
        if (same_path && f->error == error && strcmp(f->text, text) == 0)
            return;
    }
    est_finding *f = EST_ADD(e, findings);
    if (f == NULL)
        return;
    f->error = error;
    f->path = est_str(e, path);
    f->text = text;
}

void est_unresolved_add(est_estate *e, const char *expression, const char *why)
{
    if (est_unresolved_why(e, expression) != NULL)
        return;
    est_unresolved *u = EST_ADD(e, unresolved);
    if (u == NULL)
        return;
    u->expression = est_str(e, expression);
    u->why = est_str(e, why);
    if (u->expression == NULL || u->why == NULL)
        e->nunresolved--; /* out of memory (oom set): not kept */
}

const char *est_unresolved_why(const est_estate *e, const char *expression)
{
    for (size_t i = 0; i < e->nunresolved; i++)
        if (expression != NULL && strcmp(e->unresolved[i].expression, expression) == 0)
            return e->unresolved[i].why;
    return NULL;
}

void est_error(est_estate *e, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    finding(e, true, path, fmt, ap);
    va_end(ap);
}

void est_note(est_estate *e, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    finding(e, false, path, fmt, ap);
    va_end(ap);
}

size_t est_nerrors(const est_estate *e)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nfindings; i++)
        n += e->findings[i].error;
    return n;
}

void est_other_add(est_estate *e, const char *type, const char *name, const char *why)
{
    est_other *o = EST_ADD(e, others);
    if (o == NULL)
        return;
    o->type = est_str(e, type != NULL ? type : "(no type)");
    o->name = est_str(e, name != NULL ? name : "(no name)");
    o->why = est_str(e, why);
}

/* The first "/providers/" in s from its start, in any case, or NULL. */
static const char *find_providers(const char *s)
{
    static const char needle[] = "/providers/";
    for (; *s; s++)
        if (strncasecmp(s, needle, sizeof needle - 1) == 0)
            return s;
    return NULL;
}

const char *est_id_key(est_estate *e, const char *id)
{
    if (id == NULL)
        return NULL;
    const char *from = id;
    for (const char *p = id; (p = find_providers(p)) != NULL; p++)
        from = p + strlen("/providers/");
    char *key = arena_strdup(&e->mem, from);
    if (key == NULL) {
        e->oom = true;
        return NULL;
    }
    for (char *p = key; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    size_t n = strlen(key);
    while (n > 0 && key[n - 1] == '/')
        key[--n] = '\0';
    return key;
}

bool est_same_id(est_estate *e, const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return false;
    const char *ka = est_id_key(e, a), *kb = est_id_key(e, b);
    return ka != NULL && kb != NULL && strcmp(ka, kb) == 0;
}

const char *est_id_name(est_estate *e, const char *id)
{
    if (id == NULL)
        return NULL;
    size_t n = strlen(id);
    while (n > 0 && id[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && id[start - 1] != '/')
        start--;
    const char *name = arena_strndup(&e->mem, id + start, n - start);
    if (name == NULL)
        e->oom = true;
    return name;
}

const char *est_region(est_estate *e, const char *text)
{
    if (text == NULL || text[0] == '\0')
        return NULL;
    char *r = arena_alloc(&e->mem, strlen(text) + 1);
    if (r == NULL) {
        e->oom = true;
        return NULL;
    }
    size_t k = 0;
    for (const char *p = text; *p; p++)
        if (*p != ' ')
            r[k++] = (char)tolower((unsigned char)*p);
    r[k] = '\0';
    return r;
}

const char *est_unique_name(est_estate *e, est_names *ns, const char *raw)
{
    char base[SCN_NAME_MAX + 1];
    size_t n = 0;
    for (const char *p = raw != NULL ? raw : ""; *p && n < SCN_NAME_MAX; p++) {
        char c = *p;
        bool ok = isalnum((unsigned char)c) || c == '-' || c == '_';
        if (!ok && (n == 0 || base[n - 1] == '-'))
            continue;
        base[n++] = ok ? c : '-';
    }
    while (n > 0 && base[n - 1] == '-')
        n--;
    base[n] = '\0';
    if (n == 0)
        snprintf(base, sizeof base, "imported");
    const char *name = est_str(e, base);
    for (int k = 2; name != NULL; k++) {
        bool taken = false;
        for (size_t i = 0; i < ns->n && !taken; i++)
            taken = strcmp(ns->used[i], name) == 0;
        if (!taken)
            break;
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, "-%d", k);
        size_t keep = strlen(base);
        if (keep + (size_t)sl > SCN_NAME_MAX)
            keep = SCN_NAME_MAX - (size_t)sl;
        name = est_fmt(e, "%.*s%s", (int)keep, base, suffix);
    }
    const char **slot = est_push(e, &ns->used, &ns->n, &ns->cap, sizeof *ns->used);
    if (slot == NULL || name == NULL)
        return "imported";
    *slot = name;
    return name;
}

const char *est_storage_redundancy(const char *sku)
{
    if (sku == NULL)
        return NULL;
    /* storage-redundancy.md: the SKU names the replication after the tier
     * ("Standard_RAGZRS"); Terraform gives the replication part alone. */
    const char *us = strchr(sku, '_');
    const char *tier_end = us != NULL ? us : sku;
    const char *rep = us != NULL ? us + 1 : sku;
    if (us != NULL && strncasecmp(sku, "Standard", (size_t)(tier_end - sku)) != 0 &&
        strncasecmp(sku, "Premium", (size_t)(tier_end - sku)) != 0)
        return NULL;
    static const struct { const char *sku, *drsim; } table[] = {
        {"LRS", "LRS"},   {"ZRS", "ZRS"},     {"GRS", "GRS"},
        {"RAGRS", "RA-GRS"}, {"GZRS", "GZRS"}, {"RAGZRS", "RA-GZRS"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(rep, table[i].sku) == 0) {
            /* Premium accounts are LRS or ZRS only (storage-account-overview.md). */
            if (us != NULL && strncasecmp(sku, "Premium", 7) == 0 && i > 1)
                return NULL;
            return table[i].drsim;
        }
    return NULL;
}

bool est_disk_sku(const char *sku, const char **kind, const char **redundancy)
{
    /* disks-types.md: Standard HDD, Standard SSD, Premium SSD (LRS or ZRS),
     * Premium SSD v2 and Ultra Disk (LRS only). drsim's `standard` covers
     * both standard kinds: they share Site Recovery's standard churn limits
     * (azure-to-azure-support-matrix.md). */
    static const struct { const char *sku, *kind, *redundancy; } table[] = {
        {"Standard_LRS", "standard", "LRS"},    {"StandardSSD_LRS", "standard", "LRS"},
        {"StandardSSD_ZRS", "standard", "ZRS"}, {"Premium_LRS", "premium", "LRS"},
        {"Premium_ZRS", "premium", "ZRS"},      {"PremiumV2_LRS", "premium-v2", "LRS"},
        {"UltraSSD_LRS", "ultra", "LRS"},
    };
    if (sku == NULL)
        return false;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(sku, table[i].sku) == 0) {
            *kind = table[i].kind;
            *redundancy = table[i].redundancy;
            return true;
        }
    return false;
}

const char *est_consistency(const char *level)
{
    static const struct { const char *given, *drsim; } table[] = {
        {"Strong", "strong"},
        {"BoundedStaleness", "bounded_staleness"},
        {"Session", "session"},
        {"ConsistentPrefix", "consistent_prefix"},
        {"Eventual", "eventual"},
    };
    if (level == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(level, table[i].given) == 0)
            return table[i].drsim;
    return NULL;
}

const char *est_vhd_account(est_estate *e, const char *uri)
{
    if (uri == NULL)
        return NULL;
    const char *host = strstr(uri, "://");
    host = host != NULL ? host + 3 : uri;
    const char *dot = strchr(host, '.');
    if (dot == NULL || dot == host || strncasecmp(dot, ".blob.", 6) != 0)
        return NULL;
    const char *name = arena_strndup(&e->mem, host, (size_t)(dot - host));
    if (name == NULL)
        e->oom = true;
    return name;
}
