/*
 * import_oom.c — out of memory in `drsim import`: the allocation hook
 * (sim/core/mem.h) makes the Nth allocation and every later one fail, for
 * N = 1, 2, 3, ... — every N — until an import succeeds without the hook firing — jansson's reading (it
 * allocates through drsim's allocator), the estate, the template's
 * expressions, the scenario's writing and its load all swept. Every attempt
 * must end in ERR_OK or ERR_NOMEM — never a crash, never an input error
 * that is really a refused allocation — and, when it ends in ERR_OK, give
 * the scenario the import gives with memory to spare. Under SAN=1,
 * LeakSanitizer checks that no attempt leaked.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "models/import/import.h"
#include "sim/core/mem.h"

static void sweep(const char *input, const char *parameters)
{
    imp_options o = {IMP_FROM_AUTO, parameters, IMP_REGION_LOSS, NULL, NULL};
    char *want = NULL;
    strbuf messages = {0};
    cr_assert_eq(imp_import(input, &o, &want, &messages), ERR_OK, "%s", sb_text(&messages));
    sb_free(&messages);
    unsigned long tried = 0;
    for (unsigned long n = 1;; n++) {
        char *text = NULL;
        mem_fail_after(n);
        err_code rc = imp_import(input, &o, &text, &messages);
        int fired = mem_failed();
        mem_fail_reset();
        sb_free(&messages);
        tried++;
        cr_assert(rc == ERR_OK || rc == ERR_NOMEM, "%s, N=%lu: %d", input, n, rc);
        cr_assert(rc == ERR_OK || fired, "%s, N=%lu: out of memory without a refusal", input, n);
        if (rc == ERR_OK)
            cr_assert_str_eq(text, want, "%s, N=%lu: another scenario", input, n);
        mem_free(text);
        if (rc == ERR_OK && !fired)
            break;
        cr_assert(n < 1000000, "%s: the sweep does not end", input);
    }
    cr_assert(tried > 100, "%s: only %lu attempts", input, tried);
    mem_free(want);
}

Test(import_oom, an_arm_template_with_its_parameters) { sweep("tests/import/bicep-web.json", "tests/import/bicep-web.parameters.json"); }
Test(import_oom, a_resource_graph_result) { sweep("tests/import/graph-payments.json", NULL); }
Test(import_oom, terraform_state) { sweep("tests/import/terraform-intranet.json", NULL); }
