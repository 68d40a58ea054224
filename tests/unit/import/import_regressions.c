/*
 * import_regressions.c — the inputs the import fuzzer (tests/fuzz/
 * fuzz_import.c) once found wrong, kept in tests/fuzz/import-regressions/:
 * read as every format, each must be imported or refused — never a crash —
 * and an imported one must load. Under `make test SAN=1` a memory error in
 * any of them fails too.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/import/import.h"
#include "models/scenario/loader.h"
#include "sim/core/mem.h"
#include "tests/support/helpers.h"

#define DIR_PATH "tests/fuzz/import-regressions"

Test(import_regressions, each_kept_input_is_imported_or_refused_and_what_is_imported_loads)
{
    DIR *d = opendir(DIR_PATH);
    cr_assert(d != NULL, "cannot open %s", DIR_PATH);
    size_t seen = 0;
    for (struct dirent *ent; (ent = readdir(d)) != NULL;) {
        if (ent->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", DIR_PATH, ent->d_name);
        size_t len = 0;
        char *bytes = th_read_file(path, &len);
        cr_assert(bytes != NULL, "%s", path);
        for (int from = IMP_FROM_AUTO; from <= IMP_FROM_TERRAFORM; from++) {
            imp_options o = {(imp_from)from, NULL, IMP_REGION_LOSS, NULL, NULL};
            char *text = NULL;
            strbuf messages = {0};
            err_code rc = imp_import_bytes(path, bytes, len, &o, &text, &messages);
            cr_assert(rc == ERR_OK || rc == ERR_INPUT, "%s: %d", path, rc);
            cr_assert(rc == ERR_OK || sb_text(&messages)[0] != '\0', "%s: refused silently",
                      path);
            if (rc == ERR_OK) {
                scn_diags diags;
                scn_diags_init(&diags);
                scn_scenario *s = NULL;
                cr_assert_eq(scn_load_buffer("imported", text, strlen(text), &s, &diags), ERR_OK,
                             "%s: the imported scenario does not load", path);
                scn_free(s);
                scn_diags_free(&diags);
            }
            sb_free(&messages);
            mem_free(text);
        }
        free(bytes);
        seen++;
    }
    closedir(d);
    cr_assert(seen > 0, "no kept input in %s", DIR_PATH);
}
