/*
 * churn.h — Azure Site Recovery's churn limits: how fast ASR can replicate a
 * disk and a VM (azure-to-azure-support-matrix.md,
 * concepts-azure-to-azure-high-churn-support.md; numbers in defaults.h).
 *
 * Pure functions of a disk's kind, size and I/O size, shared by the loader
 * (which warns when a scenario's churn exceeds them) and the ASR model (which
 * replicates at no more than them).
 */
#ifndef DRSIM_CHURN_H
#define DRSIM_CHURN_H

#include <stdbool.h>

/* The sustained rate, bytes/s, at which ASR replicates one disk: a premium
 * SSD (premium) or a standard one (standard HDD/SSD, and unmanaged page-blob
 * VHDs), of this size (bytes) and I/O size (bytes per write). */
double churn_disk_limit(bool premium, double size, double io_size);

/* The rate, bytes/s, at which ASR replicates all disks of one VM. */
double churn_vm_limit(bool high_churn);

#endif
