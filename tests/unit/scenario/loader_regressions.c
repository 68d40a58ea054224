/*
 * loader_regressions.c — inputs that once broke the loader (found by the
 * fuzzer, tests/fuzz/fuzz_loader.c, or by hand), kept in
 * tests/fuzz/regressions/. Each must load or be refused with an error, and
 * when it loads the print/load round trip must hold: the same property the
 * fuzz target checks.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/loader.h"
#include "tests/support/helpers.h"
#include "tests/support/scneq.h"

static void check(const char *path)
{
    size_t len;
    char *bytes = th_read_file(path, &len);
    cr_assert_not_null(bytes, "cannot read %s", path);
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = NULL;
    err_code rc = scn_load_buffer("fuzz.yaml", bytes, len, &s, &d);
    cr_assert(rc == ERR_OK || (rc == ERR_INPUT && d.errors > 0), "%s: rc %d", path, rc);
    if (rc == ERR_OK) {
        char *text = NULL, *text2 = NULL;
        size_t n = 0, n2 = 0;
        FILE *f = open_memstream(&text, &n);
        cr_assert_eq(scn_print(s, f), ERR_OK);
        fclose(f);
        scn_scenario *b = NULL;
        scn_diags d2;
        scn_diags_init(&d2);
        cr_assert_eq(scn_load_buffer("fuzz.yaml", text, n, &b, &d2), ERR_OK,
                     "%s: printed form does not load:\n%s", path, text);
        char why[512];
        cr_assert(scn_equal(s, b, why, sizeof why), "%s: %s", path, why);
        f = open_memstream(&text2, &n2);
        cr_assert_eq(scn_print(b, f), ERR_OK);
        fclose(f);
        cr_assert_str_eq(text2, text, "%s: printing twice differs", path);
        free(text);
        free(text2);
        scn_free(b);
        scn_diags_free(&d2);
    }
    scn_free(s);
    scn_diags_free(&d);
    free(bytes);
}

Test(loader_regressions, every_kept_input_loads_or_is_refused_cleanly)
{
    const char *dir = "tests/fuzz/regressions";
    DIR *dd = opendir(dir);
    cr_assert_not_null(dd);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(dd)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        check(path);
        n++;
    }
    closedir(dd);
    cr_assert(n > 0);
}
