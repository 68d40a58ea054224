/*
 * groups.c — VM groups inferred from the estate's VMs, and the tiers
 * deployed in several regions (see groups.h).
 *
 * Invariant: a VM is in exactly one group; a group's VMs share its region,
 * disks (kinds and sizes), Site Recovery protection and consistency group,
 * and backup policy, so that writing the group from its first VM says what
 * each of them is.
 */
#include "models/import/groups.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "models/azure/catalogue.h"

/* Short forms of region names people put in resource names ("web-we-1",
 * "sql-neu"): common usage, not an Azure standard, so only a tier's
 * inference (marked "inferred") rests on them. */
static bool region_token(const char *t, size_t n)
{
    static const char *const shorts[] = {
        "we", "weu", "ne", "neu", "eus", "eus2", "wus", "wus2", "wus3", "cus", "scus", "ncus",
        "wcus", "uks", "ukw", "frc", "frs", "gwc", "gn", "sdc", "swc", "sec", "ea", "sea",
        "jpe", "jpw", "jpw", "krc", "aue", "ause", "cac", "cae", "inc", "ins", "brs", "zan",
        "uan", "chn", "noe", "pl", "plc", "itn", "mxc", "primary", "secondary", "dr",
    };
    for (size_t i = 0; i < cat_nregions; i++)
        if (strlen(cat_regions[i].name) == n && strncasecmp(cat_regions[i].name, t, n) == 0)
            return true;
    for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++)
        if (strlen(shorts[i]) == n && strncasecmp(shorts[i], t, n) == 0)
            return true;
    bool digits = n > 0;
    for (size_t i = 0; i < n; i++)
        digits = digits && isdigit((unsigned char)t[i]);
    return digits;
}

/* A name without its region and number tokens: groups of one tier
 * deployed in several regions ("web-we-1", "web-ne-1") share it ("web"). */
static const char *stem(est_estate *e, const char *name)
{
    char s[256] = "";
    size_t n = 0;
    for (const char *p = name; *p;) {
        size_t len = strcspn(p, "-_.");
        if (len > 0 && !region_token(p, len) && n + len + 2 < sizeof s) {
            if (n > 0)
                s[n++] = '-';
            for (size_t i = 0; i < len; i++)
                s[n++] = (char)tolower((unsigned char)p[i]);
            s[n] = '\0';
        }
        p += len;
        if (*p)
            p++;
    }
    return est_str(e, s);
}

/* Whether two groups look like one tier: their names' stems, or their
 * first VMs' names' stems, agree. */
static bool same_tier(est_estate *e, const grp_group *a, const grp_group *b)
{
    const char *sa = stem(e, a->name), *sb = stem(e, b->name);
    const char *va = stem(e, a->first->name), *vb = stem(e, b->first->name);
    return (sa[0] != '\0' && strcmp(sa, sb) == 0) || (va[0] != '\0' && strcmp(va, vb) == 0);
}

static bool same_disks(const est_vm *a, const est_vm *b)
{
    if (a->ndisks != b->ndisks || (a->zone == 0) != (b->zone == 0) ||
        a->protected != b->protected)
        return false;
    if (a->backup != b->backup)
        return false;
    if ((a->multi_vm_group == NULL) != (b->multi_vm_group == NULL) ||
        (a->multi_vm_group != NULL && strcmp(a->multi_vm_group, b->multi_vm_group) != 0))
        return false;
    for (size_t i = 0; i < a->ndisks; i++)
        if (strcmp(a->disks[i].kind, b->disks[i].kind) != 0 ||
            a->disks[i].size_gib != b->disks[i].size_gib)
            return false;
    return true;
}

/* The group a VM joins: its availability set's; or, outside one, a group of
 * its region whose VMs' names share its stem, with the same disks and
 * protection (a scaled-out tier: "app-eus2-1", "app-eus2-2"); or none. */
static grp_group *group_to_join(est_estate *e, grp_group *groups, size_t n, const est_vm *vm)
{
    for (size_t i = 0; i < n; i++) {
        grp_group *g = &groups[i];
        if (vm->avset_ref != NULL || g->avset != NULL) {
            if (vm->avset_ref != NULL && g->avset != NULL &&
                est_same_id(e, g->avset, vm->avset_ref))
                return g;
            continue;
        }
        const char *st = stem(e, vm->name);
        if (st[0] != '\0' && strcmp(g->first->region, vm->region) == 0 &&
            strcmp(stem(e, g->first->name), st) == 0 && same_disks(g->first, vm))
            return g;
    }
    return NULL;
}

/* A group's name: its availability set's; one VM's own; or, for VMs
 * grouped by their names, the first's without its number ("app-eus2"). */
static const char *group_name(est_estate *e, const grp_group *g)
{
    if (g->avset != NULL)
        return est_id_name(e, g->avset);
    const char *name = g->first->name;
    if (g->count == 1)
        return name;
    size_t n = strlen(name);
    while (n > 0 && isdigit((unsigned char)name[n - 1]))
        n--;
    while (n > 0 && (name[n - 1] == '-' || name[n - 1] == '_'))
        n--;
    return n > 0 ? est_fmt(e, "%.*s", (int)n, name) : name;
}

bool grp_make(est_estate *e, est_names *names, grp_group **groups_out, size_t *n_out)
{
    grp_group *groups = NULL;
    size_t n = 0, cap = 0;
    size_t *member_of = arena_array(&e->mem, e->nvms + 1, sizeof *member_of);
    if (member_of == NULL) {
        e->oom = true;
        return false;
    }
    for (size_t i = 0; i < e->nvms; i++) {
        est_vm *vm = &e->vms[i];
        grp_group *g = group_to_join(e, groups, n, vm);
        if (g != NULL && vm->avset_ref != NULL && !same_disks(g->first, vm)) {
            est_note(e, vm->src.path,
                     "VM '%s' is in availability set '%s' but its disks, protection or backup "
                     "differ from '%s': a group of its own",
                     vm->name, est_id_name(e, vm->avset_ref), g->first->name);
            g = NULL;
        }
        if (g == NULL) {
            g = est_push(e, &groups, &n, &cap, sizeof *groups);
            if (g == NULL)
                return false;
            g->first = vm;
            g->avset = vm->avset_ref;
        }
        est_vm **slot = est_push(e, &g->members, &g->nmembers, &g->capmembers, sizeof *slot);
        if (slot == NULL)
            return false;
        *slot = vm;
        g->count = g->nmembers;
        member_of[i] = (size_t)(g - groups);
        if (vm->zone > 0 && vm->zone < 32)
            g->zones |= 1u << vm->zone;
    }
    for (size_t i = 0; i < n; i++)
        groups[i].name = est_unique_name(e, names, group_name(e, &groups[i]));
    for (size_t i = 0; i < e->nvms; i++)
        e->vms[i].group = groups[member_of[i]].name;
    *groups_out = groups;
    *n_out = n;
    return !e->oom;
}

void grp_link_tiers(est_estate *e, grp_group *groups, size_t n, const char *lost)
{
    for (size_t i = 0; i < n; i++) {
        grp_group *g = &groups[i];
        grp_group *own = NULL;
        for (size_t k = 0; k < n; k++) {
            grp_group *h = &groups[k];
            if (h == g || !same_tier(e, g, h) ||
                strcmp(h->first->region, g->first->region) == 0)
                continue;
            bool h_lost = lost != NULL && strcmp(h->first->region, lost) == 0;
            bool g_lost = lost != NULL && strcmp(g->first->region, lost) == 0;
            if (g_lost || (!h_lost && k > i))
                continue;
            if (own == NULL)
                own = h;
        }
        if (own != NULL && own->tier == NULL)
            g->tier = own->name;
    }
}

