/*
 * churn.h — Azure Site Recovery's churn limits: how fast ASR replicates a
 * disk and a VM, with Normal Churn (azure-to-azure-support-matrix.md) or High
 * Churn (concepts-azure-to-azure-high-churn-support.md); the numbers and
 * their sources are in defaults.h.
 *
 * Pure functions of a disk's kind, size and I/O size, shared by the loader
 * (which warns when a scenario's churn exceeds them) and the ASR model (which
 * replicates at no more than them).
 *
 * Invariants: a limit is one of the tables' figures, never more than the row
 * that applies promises; a larger disk or a larger I/O size never gets a
 * smaller limit.
 */
#ifndef DRSIM_CHURN_H
#define DRSIM_CHURN_H

#include <stdbool.h>

/* A replica disk as the churn tables know it. */
typedef enum churn_disk {
    CHURN_STANDARD = 0, /* standard HDD/SSD, and unmanaged page-blob VHDs */
    CHURN_PREMIUM       /* Premium SSD; Premium SSD v2 and Ultra Disk read by its rows */
} churn_disk;

/* The sustained rate, bytes/s, at which ASR replicates one disk of this kind,
 * size (bytes) and I/O size (bytes per write), with High Churn or not. */
double churn_disk_limit(churn_disk kind, bool high_churn, double size, double io_size);

/* The rate, bytes/s, at which ASR replicates all disks of one VM. */
double churn_vm_limit(bool high_churn);

#endif
