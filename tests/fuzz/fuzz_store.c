/*
 * fuzz_store.c — libFuzzer target over reading a results database.
 *
 * The input is the bytes of a database file; the seeds are small databases
 * written by drsim itself (tests/fuzz/store-seeds.sh: finished, failed,
 * sharded, merged and version-1 databases, in WAL and rollback modes). The
 * file is written to a private temporary directory and read by every command
 * that reads a database, in process (tests/support/dbread.h; as tables or as JSON
 * by the input's length): no crash, no hang, no
 * leak, no undefined behaviour (the build adds ASan and UBSan), and every
 * refusal an exit status of the contract. The harness writes nothing outside
 * its temporary directory; what the commands print goes to /dev/null.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined; not
 * part of the Criterion suite. Inputs that once broke it are kept in
 * tests/fuzz/store-regressions/ and read by tests/unit/store/store_fuzz.c.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/support/dbread.h"

static char dir[64];
static char path[128];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cleanup(void)
{
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "/tmp/drsim-fuzz-store-XXXXXX");
    if (mkdtemp(dir) == NULL)
        abort();
    atexit(cleanup);
    snprintf(path, sizeof path, "%s/fuzz.db", dir);
    /* Speed only: every command opens the database, and under ASan the
     * large blocks SQLite takes per connection (lookaside, the page cache's
     * first pages) cost an mmap each. Set before the store initialises
     * SQLite. */
    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
    /* The commands' output is not what is tested; libFuzzer and the
     * sanitizers write their reports to file descriptor 2 directly. */
    if (freopen("/dev/null", "w", stdout) == NULL)
        abort();
    FILE *null = fopen("/dev/null", "w");
    if (null == NULL)
        abort();
    stderr = null;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[256];
    /* Tables or JSON, as the input's length says: half the store openings
     * per input, both renderings over the corpus. */
    if (dbread_all(path, data, size, (int)(size & 1), why, sizeof why) != 0) {
        dprintf(2, "fuzz_store: %s\n", why);
        abort();
    }
    return 0;
}
