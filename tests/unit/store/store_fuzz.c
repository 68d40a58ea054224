/*
 * store_fuzz.c — the store fuzz target's property in the suite: every
 * command that reads a database reads a damaged one or refuses it with an
 * exit status of the contract, without crashing or leaking (under SAN=1 the
 * sanitizers watch). The inputs: the crashers the fuzzer once found, kept in
 * tests/fuzz/store-regressions/, and a fixed set of mutations of a real
 * database (bytes flipped across the file, the file cut short).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/store/store.h"
#include "tests/support/dbread.h"
#include "tests/support/helpers.h"
#include "tests/support/store_fixture.h"

#define REGRESSIONS "tests/fuzz/store-regressions"

static void init(void)
{
    store_global_init();
}

TestSuite(store_fuzz, .init = init);

/* dbread_all with the commands' output captured (and dropped). */
static void read_all(const char *db, const void *bytes, size_t len, const char *what)
{
    char why[256] = "";
    th_capture_begin();
    int rc = dbread_all(db, bytes, len, -1, why, sizeof why);
    th_capture_end(NULL, NULL);
    cr_assert_eq(rc, 0, "%s: %s", what, why);
}

Test(store_fuzz, every_kept_crasher_is_read_or_refused_cleanly)
{
    char db[600];
    snprintf(db, sizeof db, "%s/fuzz.db", th_tmpdir());
    DIR *d = opendir(REGRESSIONS);
    cr_assert_not_null(d, "cannot open %s", REGRESSIONS);
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", REGRESSIONS, ent->d_name);
        size_t len;
        char *bytes = th_read_file(path, &len);
        cr_assert_not_null(bytes, "cannot read %s", path);
        read_all(db, bytes, len, path);
        free(bytes);
        n++;
    }
    closedir(d);
    cr_log_info("%zu kept inputs", n);
}

Test(store_fuzz, damaged_copies_of_a_real_database_are_read_or_refused_cleanly)
{
    const char *dir = th_tmpdir();
    char src[600], db[600];
    snprintf(src, sizeof src, "%s/src.db", dir);
    snprintf(db, sizeof db, "%s/fuzz.db", dir);
    sf_run done = {.trials = 12, .trace = 3, .expect = 1};
    sf_write_run(src, &done);
    sf_run failed = {.scenario = "other", .trials = 5, .fail = 1};
    sf_write_run(src, &failed);
    size_t len;
    unsigned char *pristine = (unsigned char *)th_read_file(src, &len);
    cr_assert_not_null(pristine);
    read_all(db, pristine, len, "the database itself");

    unsigned char *bytes = malloc(len);
    char what[64];
    for (size_t i = 0; i < 150; i++) {
        memcpy(bytes, pristine, len);
        size_t at = (i * 7919 + i * i * 13) % len;
        for (size_t k = 0; k < 4 && at + k < len; k++)
            bytes[at + k] ^= (unsigned char)(0xFF - i);
        snprintf(what, sizeof what, "4 bytes at %zu", at);
        read_all(db, bytes, len, what);
    }
    for (size_t i = 1; i <= 12; i++) {
        size_t cut = len * i / 13;
        snprintf(what, sizeof what, "cut at %zu of %zu", cut, len);
        read_all(db, pristine, cut, what);
    }
    free(bytes);
    free(pristine);
}
