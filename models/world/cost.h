/*
 * cost.h — what a variant costs: to run each month (an itemised bill), what
 * one outage costs the business, and how often each kind of outage comes.
 *
 * Pure functions of the scenario: no engine, no randomness, no store. The
 * bill is worked out from the world's own sizes and rates (an account's
 * size, its writes' byte rate, the disks of each VM group, the churn Site
 * Recovery replicates) and the scenario's price list (scn_prices, defaults
 * in models/azure/defaults.h); each line says what it is, its quantity and
 * unit, its unit price and its monthly cost. A month is 730 hours.
 *
 * What is billed: what the world deploys, in every variant (storage
 * accounts by redundancy and access tier, or at the premium block blob
 * price — the tier prices block blobs
 * only, so the VHDs an account holds are billed at its hot-tier price, on
 * a line of their own when the tier is not hot —, geo-replication traffic, managed disks, every VM
 * instance, SQL databases and their geo-secondaries, Cosmos DB regions,
 * Azure Backup's protected VMs and vault storage); and what a strategy adds,
 * in its variants only (Site Recovery: its protected VMs, their replica
 * disks, the cache account and the replication traffic between regions).
 * A data service — a storage account, a SQL failover group, a Cosmos DB
 * account — is billed in the variants whose apps keep their data on it (or,
 * for an account, that hold VHDs on it; with no app, every one is the
 * data): a sweep over an app's data: compares the alternatives' prices
 * instead of billing them all in each. Means stand for distributions (a
 * write rate given as a distribution is billed at its mean).
 *
 * The outage's cost (cost_outage): the hours at each level of service
 * below full (degraded, read-only, fully down) at the business's hourly
 * figures, plus the writes and GiB lost, plus the one-off figure when data
 * is gone for good. Without a business: section it is absent (n/a), never 0.
 *
 * The risk per year (cost_rate_per_year): a trial is one occurrence of the
 * scenario's disruption; its kind is its first outage's scope, transient
 * when that outage's destructive probability is 0 (every draw), destructive
 * when it is 1, and both otherwise: the catalogue's transient rate r_T and
 * destructive rate r_D of that scope (cost_destroyed_per_year is r_D, or 0
 * when the outage never destroys). The expected figure of a year is
 * r_T E[X | not destroyed] + r_D E[X | destroyed] (a Poisson number of each
 * kind a year): the catalogue says how often each kind comes, the
 * scenario's own destructive probability only how many trials see each
 * (reports/text/costview.h computes it from the trials' `destroyed` flag).
 * A scenario with no outage has rate 0.
 *
 * Ownership: a bill owns its items (cost_bill_free); the currency points
 * into the scenario.
 */
#ifndef DRSIM_COST_H
#define DRSIM_COST_H

#include <stddef.h>

#include "models/outcome.h"
#include "models/scenario/scenario.h"
#include "sim/core/err.h"

/* Hours in a month, as Azure's price lists count them. */
#define COST_MONTH_HOURS 730.0

#define COST_WHAT_MAX 96

typedef struct cost_item {
    char what[COST_WHAT_MAX]; /* "storage vhds: GRS, 500 GiB" */
    double quantity;          /* in unit, per month */
    const char *unit;         /* "GiB-month", "GiB", "instance-month", "instance-hour",
                                 "database-month", "region-month" (static text) */
    double unit_price;
    double monthly;           /* quantity * unit_price */
} cost_item;

typedef struct cost_bill {
    cost_item *items;
    size_t n, cap;
    double total;             /* the sum of the items' monthly costs */
    const char *currency;
} cost_bill;

/* The monthly bill of the variant (world, strategy). ERR_NOMEM (with *e)
 * when the items cannot be allocated; *out is then empty. */
err_code cost_bill_make(const scn_world *w, const scn_strategy *s, cost_bill *out, err_msg *e);

/* Releases the items. Accepts NULL and zeroed bills. */
void cost_bill_free(cost_bill *b);

/* What the trial's disruption cost the business (from its degraded,
 * read_only, fully_down, data_loss_writes, data_loss_bytes and
 * data_lost_all), or NAN without business figures. */
double cost_outage(const scn_business *b, const oc_trial *t);

/* Sets the trial's outage_cost when the scenario has business figures. */
void cost_set_outage(const scn_business *b, oc_trial *t);

/* Disruptions like the scenario's a year (see above). */
double cost_rate_per_year(const scn_world *w);

/* Of them, those that destroy their scope a year: r_D, or 0 when the
 * scenario's outage never destroys (see above). */
double cost_destroyed_per_year(const scn_world *w);

#endif
