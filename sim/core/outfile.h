/*
 * outfile.h — where a command's output goes: standard output, or a file
 * written atomically.
 *
 * A regular file (or one not there yet) is written to a temporary file in
 * the same directory and renamed over it only when everything was written
 * and synced: readers see the old file or the new one, never half of one,
 * and a failure (unwritable directory, full device) leaves the old file as
 * it was and no temporary file behind. Something that is not a regular file
 * (a device such as /dev/null or /dev/full, a pipe) is written directly.
 * The new file gets the old file's permissions, or 0666 less the umask.
 *
 * Errors: ERR_IO with a message naming the file and the system's reason
 * ("report.html: cannot write: No space left on device").
 *
 * Ownership: of_open fills an of_file that of_commit or of_abort ends (each
 * exactly once; both accept a file that failed to open).
 */
#ifndef DRSIM_OUTFILE_H
#define DRSIM_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/core/err.h"

typedef struct of_file {
    FILE *fp;          /* write here */
    const char *path;  /* the destination; NULL for standard output */
    char *tmp;         /* the temporary file, or NULL when writing directly */
} of_file;

/* Opens the destination: path NULL or "-" is standard output. */
err_code of_open(const char *path, of_file *f, err_msg *e);

/* Finishes: checks the stream, syncs, closes and renames the temporary file
 * over the destination (standard output is only flushed). On failure the
 * temporary file is removed and the destination left as it was. */
err_code of_commit(of_file *f, err_msg *e);

/* Abandons the output: closes and removes the temporary file. */
void of_abort(of_file *f);

#endif
