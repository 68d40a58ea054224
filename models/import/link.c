/*
 * link.c — the estate's references followed (see link.h): what each VM's
 * disks are, which VMs Site Recovery protects and to where, which regions
 * an entry's endpoints are in, where a SQL failover group's secondary is.
 *
 * Every value linking cannot find in the input is assumed, marked on the
 * record (kind_assumed, size_assumed, region_why, secondary_assumed) and
 * noted, so the scenario marks it and the person importing sees it.
 *
 * Invariant: linking adds no error — the input was readable; what it lacks
 * is a note, and the import still succeeds.
 */
#include "models/import/link.h"

#include <string.h>
#include <strings.h>

#include "models/azure/catalogue.h"

static est_disk *find_disk(est_estate *e, const char *ref)
{
    for (size_t i = 0; i < e->ndisks; i++)
        if (est_same_id(e, e->disks[i].id, ref))
            return &e->disks[i];
    return NULL;
}

static est_vm *find_vm(est_estate *e, const char *ref)
{
    for (size_t i = 0; i < e->nvms; i++)
        if (est_same_id(e, e->vms[i].id, ref))
            return &e->vms[i];
    return NULL;
}

static est_place *find_place(est_estate *e, const char *ref)
{
    for (size_t i = 0; i < e->nplaces; i++)
        if (est_same_id(e, e->places[i].id, ref))
            return &e->places[i];
    return NULL;
}

static const char *pair_of(const char *region)
{
    int k = region != NULL ? cat_find(region) : -1;
    return k >= 0 ? cat_regions[k].pair : NULL;
}

/* A VM's disk given by reference takes the managed disk's kind and size. */
static void link_disk(est_estate *e, const est_vm *vm, est_disk *d)
{
    if (d->ref != NULL) {
        est_disk *m = find_disk(e, d->ref);
        if (m != NULL) {
            m->attached = true;
            if (d->kind == NULL) {
                d->kind = m->kind;
                d->redundancy = m->redundancy;
                d->sku = m->sku;
            }
            if (d->size_gib <= 0)
                d->size_gib = m->size_gib;
            if (d->name == NULL)
                d->name = m->name;
        }
    }
    if (d->kind == NULL) {
        d->kind = "standard";
        d->redundancy = "LRS";
        d->kind_assumed = true;
        est_note(e, d->src.path,
                 "VM '%s': the kind of disk '%s' is not in the input (its managed disk is not "
                 "in it): standard LRS assumed",
                 vm->name, d->name != NULL ? d->name : "(unnamed)");
    }
    if (d->size_gib <= 0 && d->lun >= 0) {
        d->size_gib = 128;
        d->size_assumed = true;
        est_note(e, d->src.path, "VM '%s': the size of data disk '%s' is not in the input: "
                                 "128 GiB assumed",
                 vm->name, d->name != NULL ? d->name : "(unnamed)");
    }
    if (d->vhd_account != NULL) {
        est_account *a = NULL;
        for (size_t i = 0; i < e->naccounts && a == NULL; i++)
            if (strcasecmp(e->accounts[i].name, d->vhd_account) == 0)
                a = &e->accounts[i];
        if (a == NULL) {
            a = EST_ADD(e, accounts);
            if (a == NULL)
                return;
            a->src = (est_src){"(a VHD's URI)", d->vhd_account, d->src.path};
            a->name = d->vhd_account;
            a->region = vm->region;
            a->redundancy = "LRS";
            a->synthetic = true;
            est_note(e, d->src.path,
                     "VM '%s': the account '%s' of its VHD is not in the input: LRS in %s "
                     "assumed",
                     vm->name, d->vhd_account, vm->region);
        }
        a->holds_vhds = true;
    }
}

static void attach_disks(est_estate *e)
{
    for (size_t i = 0; i < e->nattaches; i++) {
        est_attach *a = &e->attaches[i];
        est_vm *vm = find_vm(e, a->vm_ref);
        if (vm == NULL) {
            est_note(e, a->path, "a data disk attachment to a VM that is not in the input: "
                                 "skipped");
            continue;
        }
        est_disk *d = est_push(e, &vm->disks, &vm->ndisks, &vm->capdisks, sizeof *vm->disks);
        if (d == NULL)
            return;
        d->src = vm->src;
        d->src.path = a->path;
        d->ref = a->disk_ref;
        d->lun = a->lun;
    }
}

/* Site Recovery: each protected item's VM and its target region. */
static void link_protection(est_estate *e)
{
    for (size_t i = 0; i < e->nprotecteds; i++) {
        est_protected *p = &e->protecteds[i];
        est_vm *vm = find_vm(e, p->vm_ref);
        if (vm == NULL) {
            est_note(e, p->src.path,
                     "Site Recovery protects '%s', which is not in the input: skipped",
                     est_id_name(e, p->vm_ref));
            continue;
        }
        vm->protected = true;
        vm->target_zone = p->target_zone;
        vm->multi_vm_group = p->multi_vm_group;
        const char *target = p->target_region, *why = "its protected item's recovery region";
        if (target == NULL && p->target_fabric_ref != NULL) {
            for (size_t k = 0; k < e->nfabrics && target == NULL; k++)
                if (est_same_id(e, e->fabrics[k].id, p->target_fabric_ref))
                    target = e->fabrics[k].region;
            why = "its recovery fabric's region";
        }
        if (target == NULL && p->vault != NULL) {
            for (size_t k = 0; k < e->nplaces && target == NULL; k++) {
                const char *vault = est_id_name(e, e->places[k].id);
                if (vault != NULL && strcasecmp(vault, p->vault) == 0 &&
                    strstr(est_id_key(e, e->places[k].id), "recoveryservices/vaults") != NULL &&
                    e->places[k].region != NULL && strcmp(e->places[k].region, vm->region) != 0)
                    target = e->places[k].region;
            }
            why = "its vault's region (a vault sits in the target region)";
        }
        if (target == NULL && p->target_zone > 0) {
            target = vm->region;
            why = "zone-to-zone: its own region";
        }
        if (target == NULL) {
            target = pair_of(vm->region);
            why = "assumed: the pair of its region (the input names no recovery region)";
            est_note(e, p->src.path,
                     "Site Recovery item of VM '%s': no recovery region in the input; its "
                     "region's pair (%s) assumed",
                     vm->name, target != NULL ? target : "none");
        }
        vm->target_region = target;
        vm->target_region_why = why;
    }
}

/* The region of an endpoint: given, or the resource it targets, or a
 * public IP with its host name or address. */
static void link_endpoint(est_estate *e, const est_entry *en, est_endpoint *ep)
{
    if (ep->region != NULL) {
        ep->region_why = "given";
        return;
    }
    est_place *p = ep->target_ref != NULL ? find_place(e, ep->target_ref) : NULL;
    if (p == NULL && ep->target_ref != NULL) {
        est_vm *vm = find_vm(e, ep->target_ref);
        if (vm != NULL) {
            ep->region = vm->region;
            ep->region_why = "its target VM's region";
            return;
        }
    }
    for (size_t i = 0; p == NULL && ep->host != NULL && e->places != NULL && i < e->nplaces; i++)
        if ((e->places[i].fqdn != NULL && strcasecmp(e->places[i].fqdn, ep->host) == 0) ||
            (e->places[i].address != NULL && strcmp(e->places[i].address, ep->host) == 0))
            p = &e->places[i];
    if (p != NULL && p->region != NULL) {
        ep->region = p->region;
        ep->region_why = "the region of the public IP it targets";
        return;
    }
    /* A host name that spells a region ("shop-westeurope.example.com"):
     * the longest region name it contains. */
    const char *best = NULL;
    for (size_t i = 0; ep->host != NULL && i < cat_nregions; i++)
        if (strstr(ep->host, cat_regions[i].name) != NULL &&
            (best == NULL || strlen(cat_regions[i].name) > strlen(best)))
            best = cat_regions[i].name;
    if (best != NULL) {
        ep->region = best;
        ep->region_why = "inferred from its host name";
        est_note(e, en->src.path, "%s '%s': the region of endpoint '%s' inferred from its host "
                                  "name '%s': %s",
                 en->front_door ? "Front Door origin group" : "Traffic Manager profile",
                 en->name, ep->name != NULL ? ep->name : "?", ep->host, best);
        return;
    }
    est_note(e, en->src.path, "%s '%s': endpoint '%s' has no region drsim can find: left out",
             en->front_door ? "Front Door origin group" : "Traffic Manager profile", en->name,
             ep->name != NULL ? ep->name : "?");
}

static void link_entries(est_estate *e)
{
    for (size_t i = 0; i < e->nloose; i++) {
        est_loose_endpoint *l = &e->loose[i];
        est_entry *en = NULL;
        for (size_t k = 0; e->entries != NULL && k < e->nentries && en == NULL; k++)
            if (est_same_id(e, e->entries[k].id, l->parent_ref))
                en = &e->entries[k];
        if (en == NULL) {
            est_note(e, NULL, "endpoint '%s' of a profile or origin group not in the input: "
                              "skipped",
                     l->ep.name != NULL ? l->ep.name : "?");
            continue;
        }
        est_endpoint *ep = est_push(e, &en->endpoints, &en->nendpoints, &en->capendpoints,
                                    sizeof *en->endpoints);
        if (ep == NULL)
            return;
        *ep = l->ep;
    }
    for (size_t i = 0; i < e->nentries; i++)
        for (size_t k = 0; k < e->entries[i].nendpoints; k++)
            link_endpoint(e, &e->entries[i], &e->entries[i].endpoints[k]);
}

static void link_sql(est_estate *e)
{
    for (size_t i = 0; i < e->nsqlfgs; i++) {
        est_sqlfg *g = &e->sqlfgs[i];
        if (g->primary_region == NULL && g->server_ref != NULL) {
            est_place *p = find_place(e, g->server_ref);
            g->primary_region = p != NULL ? p->region : NULL;
        }
        if (g->secondary_region == NULL && g->partner_ref != NULL) {
            est_place *p = find_place(e, g->partner_ref);
            g->secondary_region = p != NULL ? p->region : NULL;
        }
        if (g->primary_region == NULL)
            est_note(e, g->src.path, "SQL failover group '%s': its primary server is not in "
                                     "the input, so its region is unknown: left out",
                     g->name);
        else if (g->secondary_region == NULL && pair_of(g->primary_region) == NULL) {
            est_note(e, g->src.path, "SQL failover group '%s': its partner's region is not in "
                                     "the input, and %s has no pair to assume: left out",
                     g->name, g->primary_region);
            g->primary_region = NULL;
        } else if (g->secondary_region == NULL) {
            g->secondary_region = pair_of(g->primary_region);
            g->secondary_assumed = true;
            est_note(e, g->src.path, "SQL failover group '%s': its partner's region is not in "
                                     "the input; the pair of %s assumed",
                     g->name, g->primary_region);
        }
        for (size_t k = 0; k < g->ndatabases; k++)
            for (size_t d = 0; d < e->nsqldbs; d++)
                if (e->sqldbs[d].zone_redundant &&
                    est_same_id(e, e->sqldbs[d].id, g->database_refs[k]))
                    g->zone_redundant = true;
    }
}

/* Azure Backup: each protected VM's policy, by id (or by its vault and
 * name, the last segments of the id). */
static void link_backup(est_estate *e)
{
    for (size_t i = 0; i < e->nbitems; i++) {
        est_backup_item *b = &e->bitems[i];
        est_vm *vm = find_vm(e, b->vm_ref);
        if (vm == NULL) {
            est_note(e, b->path, "Azure Backup protects '%s', which is not in the input: "
                                 "skipped",
                     b->vm_ref != NULL ? est_id_name(e, b->vm_ref) : "?");
            continue;
        }
        const est_backup_policy *p = NULL;
        const char *pname = est_id_name(e, b->policy_ref);
        for (size_t k = 0; k < e->nbpolicies && p == NULL; k++) {
            const est_backup_policy *q = &e->bpolicies[k];
            if (est_same_id(e, q->id, b->policy_ref) ||
                (pname != NULL && strcasecmp(q->name, pname) == 0 &&
                 (b->vault == NULL || q->vault == NULL || strcasecmp(q->vault, b->vault) == 0)))
                p = q;
        }
        if (p == NULL)
            est_note(e, b->path, "VM '%s': its backup policy '%s' is not in the input: left "
                                 "out of any backup",
                     vm->name, pname != NULL ? pname : "?");
        vm->backup = p;
    }
}

void link_estate(est_estate *e)
{
    attach_disks(e);
    for (size_t i = 0; i < e->nvms; i++) {
        est_vm *vm = &e->vms[i];
        for (size_t k = 0; k < vm->ndisks; k++)
            link_disk(e, vm, &vm->disks[k]);
    }
    for (size_t i = 0; i < e->ndisks; i++)
        if (!e->disks[i].attached)
            est_other_add(e, e->disks[i].src.type, e->disks[i].name,
                          "a managed disk no VM in the input uses");
    link_protection(e);
    link_entries(e);
    link_sql(e);
    link_backup(e);
}
