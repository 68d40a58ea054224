/*
 * emit.c — a linked estate written as a scenario file (see emit.h).
 *
 * The scenario is what the estate says and nothing more, plus what a first
 * run needs that no deployment holds (the outage, the strategies), taken
 * from a template. Each entry's comment names its source resource and JSON
 * path; every value not read from the input carries a marker on its line:
 *   "# assumed: ..."  drsim's own guess where the input says nothing,
 *   "# inferred: ..." worked out from the input (the comment says how),
 *   "# EDIT: ..."     a placeholder the person importing must set.
 *
 * VM groups and their tiers are inferred by groups.c; names are made valid
 * and unique by est_unique_name.
 *
 * Invariants: every name written is a valid scenario name (1 to 63 of
 * A-Z a-z 0-9 - _), unique in its namespace (VM groups; storage, SQL and
 * Cosmos DB together); a reference is written only to something written;
 * the output is deterministic (the input's order, no clock, no paths but the
 * input's base name).
 */
#include "models/import/emit.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "models/azure/catalogue.h"
#include "models/import/groups.h"

typedef struct emitter {
    est_estate *e;
    const imp_options *o;
    const char *input_base;
    const char *scenario_name;
    strbuf out;
    grp_group *groups;
    size_t ngroups;
    est_names vm_names, data_names, consistency_names, backup_names;
    size_t nbackups_written, nbackups_restorable; /* policies written; with CRR */
    const char **account_names; /* per account: its written name */
    const char **sql_names, **cosmos_names;
    const char *lost; /* the region the template loses */
    const char *lost_why;
} emitter;

/* ---- writing ------------------------------------------------------------- */

#define W(...) sb_printf(&em->out, __VA_ARGS__)

/* Text safe inside a comment: one line, printable. */
static const char *comment_text(emitter *em, const char *s)
{
    if (s == NULL)
        return "";
    char *copy = arena_strdup(&em->e->mem, s);
    if (copy == NULL) {
        em->e->oom = true;
        return "";
    }
    /* YAML ends a comment at a line break: ASCII's, and (YAML 1.1, which
     * libyaml reads) NEL U+0085, LS U+2028 and PS U+2029. And a YAML file
     * may hold only printable characters (YAML 1.1, 5.1): no C0 control
     * but tab, no DEL, no C1 control (U+0080-U+009F), not U+FFFE or
     * U+FFFF. Each of these becomes spaces, byte for byte. (The text is
     * UTF-8: jansson refuses anything else.) */
    for (unsigned char *p = (unsigned char *)copy; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            *p = ' ';
        else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            p[0] = p[1] = ' ';
        else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
            p[0] = p[1] = p[2] = ' ';
        else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            p[0] = p[1] = p[2] = ' ';
    }
    return copy;
}

static void source_line(emitter *em, const char *indent, const est_src *s)
{
    W("%s# %s '%s' (%s)\n", indent, comment_text(em, s->type), comment_text(em, s->name),
      comment_text(em, s->path));
}

/* "1024GiB", "127.5GiB". */
static const char *size_text(emitter *em, double gib)
{
    return est_fmt(em->e, "%.10gGiB", gib);
}

static const char *seconds_text(emitter *em, double s)
{
    return est_fmt(em->e, "%.10gs", s);
}

/* ---- the lost region ----------------------------------------------------- */

static void count_region(const char **regions, size_t *counts, size_t *n, const char *r,
                         size_t k)
{
    if (r == NULL || strcmp(r, "global") == 0)
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(regions[i], r) == 0) {
            counts[i] += k;
            return;
        }
    if (*n < 256) {
        regions[*n] = r;
        counts[(*n)++] = k;
    }
}

static void choose_region(emitter *em)
{
    est_estate *e = em->e;
    if (em->o->region != NULL) {
        em->lost = em->o->region;
        em->lost_why = "--region";
        return;
    }
    const char *regions[256];
    size_t counts[256], n = 0;
    for (size_t i = 0; i < e->nvms; i++)
        count_region(regions, counts, &n, e->vms[i].region, 1);
    for (size_t i = 0; i < e->naccounts; i++)
        if (!e->accounts[i].synthetic)
            count_region(regions, counts, &n, e->accounts[i].region, 1);
    for (size_t i = 0; i < e->nsqlfgs; i++)
        count_region(regions, counts, &n, e->sqlfgs[i].primary_region, 1);
    for (size_t i = 0; i < e->ncosmos; i++)
        count_region(regions, counts, &n, e->cosmos[i].write_region, 1);
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (counts[i] > counts[best])
            best = i;
    em->lost = n > 0 ? regions[best] : NULL;
    em->lost_why = "inferred: the region holding most of the estate (give another with --region)";
}

/* The entry of the app, when one is in the input: the first whose
 * endpoints have regions. */
static est_entry *app_entry(emitter *em)
{
    for (size_t i = 0; i < em->e->nentries; i++)
        for (size_t k = 0; k < em->e->entries[i].nendpoints; k++)
            if (em->e->entries[i].endpoints[k].region != NULL)
                return &em->e->entries[i];
    return NULL;
}

static void write_disk(emitter *em, const est_disk *d, bool os)
{
    W("%s{ kind: %s", os ? "    os_disk: " : "      - ", d->kind);
    if (strcmp(d->kind, "unmanaged") == 0) {
        const char *account = d->vhd_account;
        for (size_t i = 0; i < em->e->naccounts; i++)
            if (account != NULL && strcasecmp(em->e->accounts[i].name, account) == 0)
                account = em->account_names[i];
        W(", account: %s", account != NULL ? account : "EDIT");
    } else if (d->redundancy != NULL && strcmp(d->redundancy, "LRS") != 0) {
        W(", redundancy: %s", d->redundancy);
    }
    if (d->size_gib > 0)
        W(", size: %s", size_text(em, d->size_gib));
    W(" }");
    const char *what = d->sku != NULL ? d->sku : d->kind;
    if (d->kind_assumed)
        W("   # assumed: standard LRS (its managed disk is not in the input)");
    else if (d->size_assumed)
        W("   # %s; EDIT: its size is not in the input (128 GiB assumed)", comment_text(em, what));
    else if (os && d->size_gib <= 0)
        W("   # %s; assumed: 128 GiB, drsim's OS disk (its size is not in the input)",
          comment_text(em, what));
    else
        W("   # %s%s", comment_text(em, what),
          d->name != NULL ? est_fmt(em->e, " '%s'", comment_text(em, d->name)) : "");
    W("\n");
}

static void write_vms(emitter *em)
{
    if (em->ngroups == 0)
        return;
    W("\nvms:\n");
    W("  # Churn (bytes written per second) is not in a deployment: every disk writes\n"
      "  # nothing until you say (`churn: 2MB/s` on a disk) — Site Recovery's RPO depends\n"
      "  # on it. EDIT: each disk's churn.\n");
    for (size_t i = 0; i < em->ngroups; i++) {
        grp_group *g = &em->groups[i];
        est_vm *vm = g->first;
        for (size_t k = 0; k < g->nmembers; k++)
            source_line(em, "  ", &g->members[k]->src);
        W("  - name: %s\n", g->name);
        W("    region: %s\n", vm->region);
        if (g->count > 1 && g->avset != NULL)
            W("    count: %zu   # inferred: the VMs of availability set '%s'\n", g->count,
              comment_text(em, est_id_name(em->e, g->avset)));
        else if (g->count > 1)
            W("    count: %zu   # inferred: VMs of one tier (their names differ only by "
              "number)\n",
              g->count);
        if (g->zones != 0 && (g->zones & (g->zones - 1)) == 0) {
            W("    zone: %d\n", vm->zone);
        } else if (g->zones != 0) {
            W("    zone: spread   # inferred: its VMs are in zones");
            for (int z = 1; z < 32; z++)
                if (g->zones & (1u << z))
                    W(" %d", z);
            W("\n");
        }

        if (g->tier != NULL)
            W("    tier: %s   # inferred: deploys the tier of '%s' in %s (the names differ "
              "only by region); capacity assumed 1, the whole load — EDIT for a warm standby\n",
              g->tier, g->tier, vm->region);
        size_t first_data = 0;
        if (vm->os_known && vm->ndisks > 0 && vm->disks[0].lun < 0) {
            write_disk(em, &vm->disks[0], true);
            first_data = 1;
        } else {
            W("    # os_disk: assumed: drsim's default (the input does not describe it)\n");
        }
        if (vm->ndisks > first_data) {
            W("    disks:\n");
            for (size_t k = first_data; k < vm->ndisks; k++)
                write_disk(em, &vm->disks[k], false);
        }
    }
}

/* ---- data ---------------------------------------------------------------- */

/* The scenario's access_tier of an account's accessTier: cool and cold; hot
 * is the default, and Premium (premium block blobs) or Smart (a tier Azure
 * chooses per blob) stay in the account's comment only. */
static const char *scenario_access_tier(const est_account *a)
{
    if (a->access_tier == NULL || a->premium_block_blobs)
        return NULL;
    if (strcasecmp(a->access_tier, "Cool") == 0)
        return "cool";
    if (strcasecmp(a->access_tier, "Cold") == 0)
        return "cold";
    return NULL;
}

static void write_storage(emitter *em)
{
    est_estate *e = em->e;
    if (e->naccounts == 0)
        return;
    W("\nstorage:\n");
    for (size_t i = 0; i < e->naccounts; i++) {
        est_account *a = &e->accounts[i];
        if (a->synthetic)
            W("  # EDIT: not in the input — the account of a VHD (%s); assumed LRS in the VM's "
              "region\n",
              comment_text(em, a->src.path));
        else
            source_line(em, "  ", &a->src);
        W("  - name: %s\n", em->account_names[i]);
        W("    region: %s\n", a->region);
        W("    redundancy: %s", a->redundancy);
        if (a->sku != NULL) {
            W("   # %s", comment_text(em, a->sku));
            if (a->kind != NULL)
                W(", %s", comment_text(em, a->kind));
            if (a->access_tier != NULL)
                W(", access tier %s", comment_text(em, a->access_tier));
        }
        W("\n");
        const char *tier = scenario_access_tier(a);
        if (tier != NULL)
            W("    access_tier: %s\n", tier);
        if (a->premium_block_blobs)
            W("    features: { premium_block_blobs: true }\n");
        if (!a->holds_vhds)
            W("    # writes: { rate: 100/s, size: 16KiB }   # EDIT: the account's writes are not "
              "in a deployment; without them no write is counted lost\n");
    }
}

static void write_sql(emitter *em)
{
    est_estate *e = em->e;
    bool any = false;
    for (size_t i = 0; i < e->nsqlfgs; i++) {
        est_sqlfg *g = &e->sqlfgs[i];
        if (g->primary_region == NULL || em->sql_names[i] == NULL)
            continue;
        if (!any)
            W("\nsql:\n");
        any = true;
        source_line(em, "  ", &g->src);
        W("  - name: %s\n", em->sql_names[i]);
        W("    region: %s\n", g->primary_region);
        if (g->secondary_region != NULL)
            W("    secondary: %s%s\n", g->secondary_region,
              g->secondary_assumed ? "   # assumed: the pair (the partner is not in the input)"
                                   : "");
        if (g->zone_redundant)
            W("    zone_redundant: true   # inferred: a database of the group is zone "
              "redundant\n");
        if (g->automatic) {
            double grace = g->grace_minutes;
            const char *mark = "";
            /* failover-group-sql-db.md: "The minimum grace period is one hour". */
            if (grace < 60) {
                mark = grace < 0 ? "   # assumed: one hour (the input gives no grace period)"
                                 : "   # the input's grace period is below the documented "
                                   "minimum of one hour";
                grace = 60;
            }
            W("    failover: { policy: microsoft, grace_period: %.10gm }%s\n", grace, mark);
        } else {
            W("    failover: { policy: customer }   # Manual in the input\n");
        }
    }
}

static void write_cosmos(emitter *em)
{
    est_estate *e = em->e;
    if (e->ncosmos == 0)
        return;
    W("\ncosmos:\n");
    for (size_t i = 0; i < e->ncosmos; i++) {
        est_cosmos *c = &e->cosmos[i];
        source_line(em, "  ", &c->src);
        W("  - name: %s\n", em->cosmos_names[i]);
        W("    write_region: %s\n", c->write_region);
        if (c->nread > 0) {
            W("    read_regions: [");
            for (size_t k = 0; k < c->nread; k++)
                W("%s%s", k > 0 ? ", " : "", c->read_regions[k]);
            W("]\n");
        }
        if (c->consistency != NULL)
            W("    consistency: %s\n", c->consistency);
        else
            W("    consistency: session   # assumed: Azure's default level (the input gives "
              "none)\n");
        if (c->consistency != NULL && strcmp(c->consistency, "bounded_staleness") == 0) {
            if (c->max_staleness_prefix > 0)
                W("    max_staleness_prefix: %.0f\n", c->max_staleness_prefix);
            if (c->max_interval_s > 0)
                W("    max_interval: %s\n", seconds_text(em, c->max_interval_s));
        }
        if (c->multi_write)
            W("    multi_region_writes: true\n");
        if (c->automatic_failover && !c->multi_write && c->nread > 0)
            W("    service_managed_failover: true\n");
        if (c->zone_redundant)
            W("    zone_redundant: true\n");
        W("    # writes: { rate: 200/s, size: 2KiB }   # EDIT: the account's writes are not in "
          "a deployment\n");
    }
}

/* ---- Azure Backup -------------------------------------------------------- */

static bool has_unmanaged(const est_vm *vm)
{
    for (size_t k = 0; k < vm->ndisks; k++)
        if (strcmp(vm->disks[k].kind, "unmanaged") == 0)
            return true;
    return false;
}

static const est_vault *vault_named(const emitter *em, const char *name)
{
    for (size_t i = 0; name != NULL && i < em->e->nvaults; i++)
        if (strcasecmp(em->e->vaults[i].name, name) == 0)
            return &em->e->vaults[i];
    return NULL;
}

static void write_policy(emitter *em, const est_backup_policy *p, bool *header)
{
    bool any = false;
    for (size_t i = 0; i < em->ngroups; i++) {
        const grp_group *g = &em->groups[i];
        if (g->first->backup != p)
            continue;
        /* backup-azure-arm-restore-vms.md: cross-region restore is
         * "supported for Azure Managed VMs"; drsim models those only. */
        if (has_unmanaged(g->first)) {
            est_note(em->e, p->src.path, "backup policy '%s': VM group '%s' has unmanaged disks, "
                                         "which drsim's backup model does not take: left out",
                     p->name, g->name);
            continue;
        }
        if (!any) {
            if (!*header)
                W("\nbackup:\n");
            *header = true;
            source_line(em, "  ", &p->src);
            W("  - name: %s\n    vms: [", est_unique_name(em->e, &em->backup_names, p->name));
        }
        W("%s%s", any ? ", " : "", g->name);
        any = true;
    }
    if (!any)
        return;
    W("]\n");
    W("    schedule: %s\n", p->enhanced ? "enhanced" : "daily");
    if (p->at_minutes >= 0) {
        int h = (int)(p->at_minutes / 60), m = (int)p->at_minutes % 60;
        bool utc = p->time_zone == NULL || strcasecmp(p->time_zone, "UTC") == 0;
        W("    at: %dh%s%s%s\n", h, m > 0 ? est_fmt(em->e, "%dm", m) : "",
          utc ? "" : "   # assumed UTC: the policy's time zone is ",
          utc ? "" : comment_text(em, p->time_zone));
    } else {
        W("    # at: assumed drsim's default (the input gives no time)\n");
    }
    if (p->enhanced && p->every_hours > 0)
        W("    every: %.10gh\n", p->every_hours);
    if (p->instant_days > 0)
        W("    snapshot_retention: %.10gd\n", p->instant_days);
    const est_vault *v = vault_named(em, p->vault);
    const char *redundancy = v != NULL ? v->redundancy : NULL;
    if (redundancy != NULL)
        W("    vault: %s   # vault '%s'\n", redundancy, comment_text(em, v->name));
    else
        W("    vault: GRS   # assumed: a new vault's default (backup-create-rs-vault.md); the "
          "input gives no storage type\n");
    bool geo = redundancy == NULL || strcmp(redundancy, "GRS") == 0;
    if (geo && v != NULL && v->crr_known && v->crr)
        W("    cross_region_restore: true\n");
    else if (geo)
        W("    # cross_region_restore: false   # %s\n",
          v != NULL && v->crr_known ? "off in the input"
                                    : "assumed: off, Azure's default (the input does not say)");
    em->nbackups_written++;
    if (geo && v != NULL && v->crr_known && v->crr)
        em->nbackups_restorable++;
}

static void write_backup(emitter *em)
{
    bool header = false;
    for (size_t i = 0; i < em->e->nbpolicies; i++)
        write_policy(em, &em->e->bpolicies[i], &header);
}

/* ---- the application ----------------------------------------------------- */

static void write_entry(emitter *em, const est_entry *en)
{
    if (!en->front_door) {
        W("    entry:   # %s '%s' (%s)\n", comment_text(em, en->src.type),
          comment_text(em, en->name), comment_text(em, en->src.path));
        W("      traffic_manager:\n");
        /* What the input gives, as it gives it: a value Traffic Manager would
         * not take is refused by the scenario's own checks, at its path. */
        if (en->interval >= 0)
            W("        interval: %s\n", seconds_text(em, en->interval));
        if (en->timeout >= 0)
            W("        timeout: %s\n", seconds_text(em, en->timeout));
        if (en->tolerated >= 0)
            W("        tolerated_failures: %d\n", en->tolerated);
        if (en->ttl >= 0)
            W("        ttl: %s\n", seconds_text(em, en->ttl));
        if (en->routing != NULL && strcasecmp(en->routing, "Priority") != 0)
            W("        # the profile routes by %s; drsim models priority routing\n",
              comment_text(em, en->routing));
        return;
    }
    W("    entry:   # %s '%s' (%s)\n", comment_text(em, en->src.type),
      comment_text(em, en->name), comment_text(em, en->src.path));
    W("      front_door:\n");
    if (en->fd_interval >= 0)
        W("        interval: %s\n", seconds_text(em, en->fd_interval));
    if (en->sample_size >= 0)
        W("        sample_size: %d\n", en->sample_size);
    /* drsim's default of 3 required (FD_REQUIRED_DEFAULT) cannot exceed a
     * smaller sample size the input gives. */
    if (en->required >= 0)
        W("        successful_samples_required: %d\n", en->required);
    else if (en->sample_size >= 1 && en->sample_size < 3)
        W("        successful_samples_required: %d   # assumed: all of its samples (the input "
          "gives no rule, and drsim's default 3 is more than its sample size)\n",
          en->sample_size);
    if (en->additional_latency_ms >= 0)
        W("        additional_latency: %.10gms\n", en->additional_latency_ms);
}

static void write_apps(emitter *em)
{
    est_estate *e = em->e;
    est_entry *entry = app_entry(em);
    size_t ntiers = 0;
    bool several_regions = false;
    for (size_t i = 0; i < em->ngroups; i++) {
        if (em->groups[i].tier == NULL)
            ntiers++;
        else
            several_regions = true;
    }
    if (ntiers == 0) {
        W("\n# apps: EDIT — no VM in the input, so no application could be inferred. An app\n"
          "# names its VM groups (tiers) and data: see scenarios/README.md, \"apps\".\n");
        return;
    }
    W("\napps:\n");
    W("  # inferred: one application of every VM group (its tiers) and every data\n"
      "  # service of the estate. EDIT: split it, or leave out what it does not use.\n");
    W("  - name: %s\n", em->scenario_name);
    W("    tiers: [");
    size_t written = 0;
    bool first = true;
    for (size_t i = 0; i < em->ngroups; i++) {
        if (em->groups[i].tier != NULL)
            continue;
        /* Without an entry an app lives in one region: the lost one's
         * groups, or else the first region's. */
        if (entry == NULL) {
            const char *home = em->lost != NULL ? em->lost : em->groups[0].first->region;
            bool home_has = false;
            for (size_t k = 0; k < em->ngroups; k++)
                home_has = home_has || strcmp(em->groups[k].first->region, home) == 0;
            if (!home_has)
                home = em->groups[0].first->region;
            if (strcmp(em->groups[i].first->region, home) != 0)
                continue;
        }
        W("%s%s", first ? "" : ", ", em->groups[i].name);
        first = false;
        written++;
    }
    W("]\n");
    if (written < ntiers)
        W("    # VM groups in other regions are not tiers of this app: without a Traffic "
          "Manager or\n    # Front Door in the input it is served from one region. EDIT: "
          "add an entry and `tier:` links.\n");
    bool any_data = false;
    for (size_t i = 0; i < e->naccounts; i++)
        any_data = any_data || !e->accounts[i].holds_vhds;
    for (size_t i = 0; i < e->nsqlfgs; i++)
        any_data = any_data || em->sql_names[i] != NULL;
    any_data = any_data || e->ncosmos > 0;
    if (any_data) {
        W("    data: [");
        first = true;
        for (size_t i = 0; i < e->naccounts; i++)
            if (!e->accounts[i].holds_vhds) {
                W("%s%s", first ? "" : ", ", em->account_names[i]);
                first = false;
            }
        for (size_t i = 0; i < e->nsqlfgs; i++)
            if (em->sql_names[i] != NULL) {
                W("%s%s", first ? "" : ", ", em->sql_names[i]);
                first = false;
            }
        for (size_t i = 0; i < e->ncosmos; i++) {
            W("%s%s", first ? "" : ", ", em->cosmos_names[i]);
            first = false;
        }
        W("]\n");
    }
    if (entry != NULL)
        write_entry(em, entry);
    if (several_regions)
        W("    read_only: false   # EDIT: true if the app serves reads while its data is "
          "read-only\n");
}

/* ---- the template: outages and strategies --------------------------------- */

/* The Site Recovery target of the lost region's protected VMs, or NULL. */
/* The Site Recovery target of the lost region's protected VMs: another
 * region, or (zone-to-zone, *zone > 0) another zone of theirs; else, as a
 * what-if, the region's pair. NULL when there is none. */
static const char *asr_target(emitter *em, const char **why, int *zone)
{
    *zone = 0;
    for (size_t i = 0; i < em->ngroups; i++) {
        est_vm *vm = em->groups[i].first;
        if (vm->protected && strcmp(vm->region, em->lost) == 0 && vm->target_region != NULL &&
            strcmp(vm->target_region, vm->region) != 0) {
            *why = vm->target_region_why;
            return vm->target_region;
        }
    }
    for (size_t i = 0; i < em->ngroups; i++) {
        est_vm *vm = em->groups[i].first;
        /* recoveryAvailabilityZone is also the zone in another target
         * region; in the VM's own region it is zone-to-zone. */
        if (vm->protected && strcmp(vm->region, em->lost) == 0 && vm->target_zone > 0 &&
            (vm->target_region == NULL || strcmp(vm->target_region, vm->region) == 0)) {
            *zone = vm->target_zone;
            *why = "zone-to-zone: its protected item's recovery zone, in its own region";
            return vm->region;
        }
    }
    int k = cat_find(em->lost);
    *why = "assumed: the region's pair (no VM of it is protected in the input)";
    return k >= 0 ? cat_regions[k].pair : NULL;
}

/* Site Recovery refuses Premium SSD v2 and Ultra disks
 * (azure-to-azure-support-matrix.md), so their groups stay out of a plan. */
static bool replicable(const grp_group *g)
{
    for (size_t k = 0; k < g->first->ndisks; k++)
        if (strcmp(g->first->disks[k].kind, "premium-v2") == 0 ||
            strcmp(g->first->disks[k].kind, "ultra") == 0)
            return false;
    return true;
}

/* Which plan group (0-based) of the imported plans holds a VM group; -1. */
static int plan_group_of(emitter *em, const est_plan *plan, const grp_group *g)
{
    for (size_t k = 0; k < plan->ngroups; k++)
        for (size_t m = 0; m < plan->groups[k].nitems; m++) {
            const char *ref = plan->groups[k].items[m];
            for (size_t p = 0; p < em->e->nprotecteds; p++) {
                est_protected *pi = &em->e->protecteds[p];
                bool names_item = est_same_id(em->e, pi->id, ref) ||
                                  est_same_id(em->e, pi->vm_ref, ref);
                if (!names_item)
                    continue;
                for (size_t v = 0; v < em->e->nvms; v++)
                    if (em->e->vms[v].group == g->name &&
                        est_same_id(em->e, em->e->vms[v].id, pi->vm_ref))
                        return (int)k;
            }
            for (size_t v = 0; v < em->e->nvms; v++)
                if (em->e->vms[v].group == g->name && est_same_id(em->e, em->e->vms[v].id, ref))
                    return (int)k;
        }
    return -1;
}

/* Site Recovery's multi-VM consistency groups (the protected items'
 * multiVmGroupName): the plan's VM groups whose VMs share one, at most 16
 * VMs each (ASR_CONSISTENCY_GROUP_MAX_VMS, azure-to-azure-common-questions.md). */
static void write_consistency_groups(emitter *em, const grp_group *const *members, size_t n)
{
    bool header = false;
    for (size_t m = 0; m < n; m++) {
        const char *mvg = members[m]->first->multi_vm_group;
        bool first_of_it = mvg != NULL;
        for (size_t k = 0; k < m && first_of_it; k++)
            first_of_it = members[k]->first->multi_vm_group == NULL ||
                          strcmp(members[k]->first->multi_vm_group, mvg) != 0;
        if (!first_of_it)
            continue;
        if (!header)
            W("    consistency_groups:   # the protected items' multi-VM consistency groups\n");
        header = true;
        W("      - { name: %s, vms: [", est_unique_name(em->e, &em->consistency_names, mvg));
        bool first = true;
        for (size_t k = m; k < n; k++)
            if (members[k]->first->multi_vm_group != NULL &&
                strcmp(members[k]->first->multi_vm_group, mvg) == 0) {
                W("%s%s", first ? "" : ", ", members[k]->name);
                first = false;
            }
        W("] }\n");
    }
}

static void write_asr(emitter *em, const char *target, const char *why, int zone)
{
    /* The groups it protects: the lost region's, replicable, protected in
     * the input (or all of them, as a what-if, when none is). */
    bool any_protected = false;
    for (size_t i = 0; i < em->ngroups; i++)
        any_protected = any_protected || (em->groups[i].first->protected &&
                                          strcmp(em->groups[i].first->region, em->lost) == 0);
    const grp_group *members[256];
    size_t n = 0;
    for (size_t i = 0; i < em->ngroups && n < 256; i++) {
        const grp_group *g = &em->groups[i];
        if (strcmp(g->first->region, em->lost) != 0 || !replicable(g))
            continue;
        if (any_protected && !g->first->protected)
            continue;
        if (g->first->protected &&
            ((g->first->target_region != NULL && strcmp(g->first->target_region, target) != 0) ||
             (zone > 0 && g->first->target_zone != zone))) {
            est_note(em->e, g->first->src.path,
                     "Site Recovery protects VM group '%s' to another target than %s%s: left "
                     "out of the asr strategy's plan",
                     g->name, target, zone > 0 ? est_fmt(em->e, " zone %d", zone) : "");
            continue;
        }
        members[n++] = g;
    }
    if (n == 0)
        return;
    W("  - name: asr\n    kind: asr\n");
    W("    target: %s   # %s\n", target, why);
    if (zone > 0)
        W("    target_zone: %d\n", zone);
    W("    decide: 30m   # assumed: drsim's default decision time (DEF_DECIDE)\n");
    if (!any_protected)
        W("    # inferred: what if Site Recovery protected every VM group of %s? The input "
          "protects none.\n",
          em->lost);
    const est_plan *plan = em->e->nplans > 0 ? &em->e->plans[0] : NULL;
    if (plan != NULL && plan->ngroups > 0) {
        W("    plan:   # recovery plan '%s' (%s)\n", comment_text(em, plan->name),
          comment_text(em, plan->src.path));
        for (size_t k = 0; k < plan->ngroups; k++) {
            bool any = false;
            for (size_t m = 0; m < n; m++)
                if (plan_group_of(em, plan, members[m]) == (int)k) {
                    if (!any)
                        W("      - group: group-%zu\n        vms: [", k + 1);
                    W("%s%s", any ? ", " : "", members[m]->name);
                    any = true;
                }
            if (!any)
                continue;
            W("]\n");
            const est_plan_group *pg = &plan->groups[k];
            if (pg->scripts + pg->manuals > 0) {
                W("        then: [");
                for (int s = 0; s < pg->scripts; s++)
                    W("%s{ script: 5m }", s > 0 ? ", " : "");
                for (int s = 0; s < pg->manuals; s++)
                    W("%s{ manual: \"uniform(5m, 15m)\" }", s + pg->scripts > 0 ? ", " : "");
                W("]   # assumed: each action's duration (the plan names the actions only)\n");
            }
        }
        bool outside = false;
        for (size_t m = 0; m < n; m++)
            outside = outside || plan_group_of(em, plan, members[m]) < 0;
        if (outside) {
            W("      - group: not-in-plan   # inferred: protected, but in no group of the "
              "plan\n        vms: [");
            bool first = true;
            for (size_t m = 0; m < n; m++)
                if (plan_group_of(em, plan, members[m]) < 0) {
                    W("%s%s", first ? "" : ", ", members[m]->name);
                    first = false;
                }
            W("]\n");
        }
    } else {
        W("    plan:   # inferred: one group of every protected VM group (no recovery plan in "
          "the input)\n      - group: all\n        vms: [");
        for (size_t m = 0; m < n; m++)
            W("%s%s", m > 0 ? ", " : "", members[m]->name);
        W("]\n");
    }
    write_consistency_groups(em, members, n);
}

static void write_template(emitter *em)
{
    const imp_options *o = em->o;
    const char *R = em->lost;
    W("\n# The template (--template %s): %s.\n",
      o->template_ == IMP_ZONE_LOSS        ? "zone-loss"
      : o->template_ == IMP_REGION_DESTROYED ? "region-destroyed"
                                              : "region-loss",
      o->template_ == IMP_ZONE_LOSS ? "one zone of the region is down for hours"
      : o->template_ == IMP_REGION_DESTROYED
          ? "the whole region is lost for good"
          : "the whole region is down for hours to days");
    W("strategies:\n");
    W("  - name: wait   # do nothing; the region comes back\n    kind: wait\n");
    bool geo = false;
    for (size_t i = 0; i < em->e->naccounts; i++) {
        const char *r = em->e->accounts[i].redundancy;
        geo = geo || strstr(r, "GRS") != NULL || strstr(r, "GZRS") != NULL;
    }
    if (geo)
        W("  - name: geo-restore   # fail the geo-redundant storage accounts over\n"
          "    kind: geo-restore\n"
          "    decide: 30m   # assumed: drsim's default decision time (DEF_DECIDE)\n");
    const char *why = NULL;
    int zone = 0;
    const char *target = asr_target(em, &why, &zone);
    if (target != NULL)
        write_asr(em, target, why, zone);
    /* kind: restore restores every policy's VMs: only when each can. */
    if (em->nbackups_written > 0 && em->nbackups_restorable == em->nbackups_written)
        W("  - name: restore   # Azure Backup's cross-region restore in the pair\n"
          "    kind: restore\n"
          "    decide: 30m   # assumed: drsim's default decision time (DEF_DECIDE)\n");
    else if (em->nbackups_written > 0)
        W("  # no `restore` strategy: a backup policy's vault cannot restore across regions "
          "(GRS with Cross Region Restore)\n");
    W("\noutages:\n");
    W("  - region: %s   # %s\n", R, em->lost_why);
    if (o->template_ == IMP_ZONE_LOSS)
        W("    scope: zone   # the zone is drawn per trial\n");
    else
        W("    scope: region\n");
    W("    at: uniform(1d, 3d)   # assumed: when in the trial it starts\n");
    if (o->template_ == IMP_ZONE_LOSS)
        W("    duration: lognormal(p50=6h, p99=2d)   # assumed, as the library's zone-loss.yaml\n");
    else
        W("    # assumed: median 8 h, p99 3 days, as the library's flagship.yaml (in the South "
          "Central US\n    # outage of September 2018 most storage was back after about 26 "
          "hours)\n    duration: lognormal(p50=8h, p99=3d)\n");
    if (o->template_ == IMP_REGION_DESTROYED)
        W("    destructive: 1   # the copies in the region are gone for good\n"
          "    # Microsoft fails geo-redundant storage over only for a region it cannot "
          "recover\n    # (regions-paired.md); 24 h in is an assumption, as flagship.yaml's\n"
          "    provider_failover: { after: 24h, when: destroyed }\n");
}

/* ---- the whole file ------------------------------------------------------- */

static void write_header(emitter *em)
{
    est_estate *e = em->e;
    W("# %s.yaml — the estate of %s (%s), imported by `drsim import`.\n", em->scenario_name,
      comment_text(em, em->input_base), e->format);
    W("#\n"
      "# Read it before you trust its answers. What drsim could not read from the\n"
      "# input is marked on its line:\n"
      "#   # assumed: ...   drsim's guess where the input says nothing: check it\n"
      "#   # inferred: ...  worked out from the input (the comment says how): check it\n"
      "#   # EDIT: ...      the input cannot say: set it\n"
      "# No deployment holds the writes, the disks' churn or the outage: the writes\n"
      "# and churn are left for you to set, the outage and strategies come from\n"
      "# the template. scenarios/README.md documents every key and its default.\n");
    size_t nnotes = 0;
    for (size_t i = 0; i < e->nfindings; i++)
        nnotes += !e->findings[i].error;
    if (nnotes > 0) {
        W("#\n# Notes from the import (%zu):\n", nnotes);
        for (size_t i = 0; i < e->nfindings; i++)
            if (!e->findings[i].error)
                W("#   %s%s%s\n", e->findings[i].path != NULL ? comment_text(em, e->findings[i].path) : "",
                  e->findings[i].path != NULL ? ": " : "", comment_text(em, e->findings[i].text));
    }
    size_t nothers = 0, nread = 0;
    for (size_t i = 0; i < e->nothers; i++) {
        nothers += e->others[i].why == NULL;
        nread += e->others[i].why != NULL;
    }
    if (nothers > 0) {
        W("#\n# Not modelled (%zu): drsim has no model for these; they are not in the "
          "scenario.\n",
          nothers);
        for (size_t i = 0; i < e->nothers; i++)
            if (e->others[i].why == NULL)
                W("#   %s '%s'\n", comment_text(em, e->others[i].type),
                  comment_text(em, e->others[i].name));
    }
    if (nread > 0) {
        W("#\n# Read for what they hold or locate, not scenario entries (%zu):\n", nread);
        for (size_t i = 0; i < e->nothers; i++)
            if (e->others[i].why != NULL)
                W("#   %s '%s': %s\n", comment_text(em, e->others[i].type),
                  comment_text(em, e->others[i].name), comment_text(em, e->others[i].why));
    }
    W("\ndrsim: 1\n");
    W("name: %s\n", em->scenario_name);
    W("description: \"The estate of %s, imported; the template's outage and strategies.\"\n",
      em->scenario_name);
    W("seed: 1       # assumed: any fixed seed keeps runs reproducible\n");
    W("trials: 1000  # assumed: drsim's default\n");
}

char *emit_scenario(est_estate *e, const imp_options *o, const char *input_base)
{
    emitter em = {0};
    em.e = e;
    em.o = o;
    em.input_base = input_base;
    est_names scenario_ns = {0};
    em.scenario_name = est_unique_name(e, &scenario_ns, o->name != NULL ? o->name : input_base);
    em.account_names = arena_array(&e->mem, e->naccounts + 1, sizeof *em.account_names);
    em.sql_names = arena_array(&e->mem, e->nsqlfgs + 1, sizeof *em.sql_names);
    em.cosmos_names = arena_array(&e->mem, e->ncosmos + 1, sizeof *em.cosmos_names);
    if (em.account_names == NULL || em.sql_names == NULL || em.cosmos_names == NULL) {
        e->oom = true;
        return NULL;
    }
    for (size_t i = 0; i < e->naccounts; i++)
        em.account_names[i] = est_unique_name(e, &em.data_names, e->accounts[i].name);
    for (size_t i = 0; i < e->nsqlfgs; i++)
        if (e->sqlfgs[i].primary_region != NULL)
            em.sql_names[i] = est_unique_name(e, &em.data_names, e->sqlfgs[i].name);
    for (size_t i = 0; i < e->ncosmos; i++)
        em.cosmos_names[i] = est_unique_name(e, &em.data_names, e->cosmos[i].name);
    choose_region(&em);
    if (!grp_make(e, &em.vm_names, &em.groups, &em.ngroups))
        return NULL;
    if (app_entry(&em) != NULL)
        grp_link_tiers(e, em.groups, em.ngroups, em.lost);
    if (em.lost == NULL) {
        est_error(e, NULL, "nothing in the input is in a region drsim models (no storage "
                           "account, VM, SQL failover group or Cosmos DB account): there is "
                           "nothing to lose");
        return NULL;
    }
    int lost = cat_find(em.lost);
    if (o->template_ == IMP_ZONE_LOSS && lost >= 0 && cat_regions[lost].zones == 0) {
        est_error(e, NULL, "--template zone-loss: %s, the region holding most of the estate, "
                           "has no availability zones (regions-list.md); choose a region with "
                           "--region",
                  em.lost);
        return NULL;
    }
    /* The body first: the plan and the groups may add notes, which the
     * header lists; then the header, then the body after it. */
    write_storage(&em);
    write_sql(&em);
    write_cosmos(&em);
    write_vms(&em);
    write_backup(&em);
    write_apps(&em);
    write_template(&em);
    strbuf body = em.out;
    em.out = (strbuf){0};
    write_header(&em);
    sb_str(&em.out, sb_text(&body));
    if (body.oom || em.out.oom)
        e->oom = true;
    sb_free(&body);
    if (e->oom) {
        sb_free(&em.out);
        return NULL;
    }
    return sb_take(&em.out);
}
