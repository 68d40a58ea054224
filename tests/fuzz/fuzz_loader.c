/*
 * fuzz_loader.c — libFuzzer target over the scenario loader.
 *
 * Any input must load or be refused with diagnostics: no crash, no hang, no
 * leak, no undefined behaviour (the build adds ASan and UBSan). When an input
 * loads, the round trip must hold as well: the printed scenario loads back to
 * an equal scenario (tests/support/scneq.c, built in) and prints to the same
 * bytes; a failure aborts, so the fuzzer keeps the input as a crasher.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined; not
 * part of the Criterion suite (the .c files directly in tests/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/loader.h"
#include "tests/support/scneq.h"

static char *print_to_string(const scn_scenario *s, size_t *len)
{
    char *text = NULL;
    *len = 0;
    FILE *f = open_memstream(&text, len);
    if (f == NULL)
        abort();
    if (scn_print(s, f) != ERR_OK)
        abort();
    fclose(f);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scn_diags d;
    scn_diags_init(&d);
    scn_scenario *s = NULL;
    err_code rc = scn_load_buffer("fuzz.yaml", (const char *)data, size, &s, &d);
    if (rc == ERR_OK) {
        size_t len, len2;
        char *text = print_to_string(s, &len);
        scn_diags d2;
        scn_diags_init(&d2);
        scn_scenario *b = NULL;
        if (scn_load_buffer("fuzz.yaml", text, len, &b, &d2) != ERR_OK) {
            fprintf(stderr, "the printed scenario does not load:\n%s\n", text);
            scn_diags_print(&d2, stderr);
            abort();
        }
        char why[512];
        if (!scn_equal(s, b, why, sizeof why)) {
            fprintf(stderr, "round trip differs: %s\n%s\n", why, text);
            abort();
        }
        char *text2 = print_to_string(b, &len2);
        if (len != len2 || memcmp(text, text2, len) != 0) {
            fprintf(stderr, "printing twice differs:\n%s\n---\n%s\n", text, text2);
            abort();
        }
        free(text);
        free(text2);
        scn_free(b);
        scn_diags_free(&d2);
    } else if (rc == ERR_INPUT && d.errors == 0) {
        fprintf(stderr, "refused without an error\n");
        abort();
    }
    scn_free(s);
    scn_diags_free(&d);
    return 0;
}
