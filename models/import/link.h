/*
 * link.h — following the estate's references once every resource is read:
 * VMs' disks (and Terraform's attachments), VHDs' accounts, Site Recovery's
 * protected VMs and their targets, Azure Backup's policies, entries'
 * endpoints and their regions,
 * SQL failover groups' regions. What cannot be found is assumed and noted.
 */
#ifndef DRSIM_LINK_H
#define DRSIM_LINK_H

#include "models/import/estate.h"

void link_estate(est_estate *e);

#endif
