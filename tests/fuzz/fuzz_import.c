/*
 * fuzz_import.c — libFuzzer target over `drsim import`'s reading of JSON.
 *
 * Any input must be imported or refused with messages: no crash, no hang,
 * no leak, no undefined behaviour (the build adds ASan and UBSan). When an
 * input is imported, the scenario written must load (the import promises a
 * valid file); a failure aborts, so the fuzzer keeps the input. Each input
 * is read as every format in turn (--from arm, graph, terraform) and with
 * each template, so that no reader is reached only through the others.
 *
 * Built by `make fuzz`; seeded with the samples of tests/import/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/import/import.h"
#include "models/scenario/loader.h"
#include "sim/core/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const imp_from froms[] = {IMP_FROM_AUTO, IMP_FROM_ARM, IMP_FROM_GRAPH,
                                     IMP_FROM_TERRAFORM};
    for (size_t k = 0; k < sizeof froms / sizeof froms[0]; k++) {
        imp_options o = {froms[k], NULL, (imp_template)(k % 3), NULL, NULL};
        char *text = NULL;
        strbuf messages = {0};
        err_code rc = imp_import_bytes("fuzz.json", (const char *)data, size, &o, &text,
                                       &messages);
        sb_free(&messages);
        if (rc == ERR_OK) {
            scn_diags d;
            scn_diags_init(&d);
            scn_scenario *s = NULL;
            if (scn_load_buffer("imported.yaml", text, strlen(text), &s, &d) != ERR_OK) {
                fprintf(stderr, "the imported scenario does not load:\n%s\n", text);
                scn_diags_print(&d, stderr);
                abort();
            }
            scn_free(s);
            scn_diags_free(&d);
        }
        mem_free(text);
    }
    return 0;
}
