/*
 * churn.c — ASR churn limits by disk kind, size and I/O size.
 *
 * The support matrix gives limits at a few I/O sizes; between them the limit
 * of the next smaller listed I/O size applies (a step function), which never
 * promises more than the matrix does.
 */
#include "models/azure/churn.h"

#include "models/azure/defaults.h"

double churn_disk_limit(bool premium, double size, double io_size)
{
    /* Standard (and unmanaged page-blob) disks: 2 MB/s at 8 KB I/O; the
     * matrix gives no higher figure for larger I/O. */
    if (!premium)
        return ASR_STANDARD_DISK_LIMIT;
    if (size <= ASR_P15_MAX_SIZE) {
        if (io_size >= ASR_IO_32K)
            return ASR_P10_LIMIT_32K;
        if (io_size >= ASR_IO_16K)
            return ASR_P10_LIMIT_16K;
        return ASR_P10_LIMIT_8K;
    }
    return io_size >= ASR_IO_16K ? ASR_P20_LIMIT_16K : ASR_P20_LIMIT_8K;
}

double churn_vm_limit(bool high_churn)
{
    return high_churn ? ASR_VM_LIMIT_HIGH_CHURN : ASR_VM_LIMIT;
}
