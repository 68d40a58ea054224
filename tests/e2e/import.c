/*
 * import.c — `drsim import`, end to end: each sample export of
 * tests/import/ (an ARM template as `az group export` writes it, a bicep
 * build with its parameters file, Resource Graph results (one of them Site
 * Recovery's zone-to-zone protection), Terraform state,
 * built from the providers' documented schemas) maps to its golden scenario
 * and messages, byte for byte (tests/golden/import/CASE.out and .err;
 * DRSIM_UPDATE_GOLDEN=1 rewrites them — read the diff before committing);
 * every scenario written validates and runs; bad inputs exit 2 with their
 * golden, positioned errors (file and JSON path, or line and column).
 *
 * The goldens were read line by line against the samples when written: each
 * account's redundancy against its SKU, each VM group against its VMs and
 * disks, Site Recovery's target and plan against the protected items and
 * the plan's Boot groups, entries against the profiles' probing settings.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/support/helpers.h"

typedef struct import_case {
    const char *name;     /* the golden files' stem */
    int status;           /* the exit status expected */
    const char *args[12]; /* after `drsim import`, NULL-terminated */
} import_case;

static const import_case cases[] = {
    {"arm-shop", 0, {"tests/import/arm-shop.json"}},
    {"arm-shop-zone-loss", 0, {"tests/import/arm-shop.json", "--template", "zone-loss"}},
    {"bicep-web", 0,
     {"tests/import/bicep-web.json", "--parameters", "tests/import/bicep-web.parameters.json"}},
    {"graph-payments", 0, {"tests/import/graph-payments.json"}},
    {"graph-payments-destroyed", 0,
     {"tests/import/graph-payments.json", "--from", "graph", "--template", "region-destroyed",
      "--region", "centralus", "--name", "payments"}},
    {"terraform-intranet", 0, {"tests/import/terraform-intranet.json"}},
    {"graph-zone-to-zone", 0, {"tests/import/graph-zone-to-zone.json", "--template", "zone-loss"}},
    /* names holding C1 controls, DEL, U+FFFE/U+FFFF, NEL, LS: YAML may not
     * hold them even in a comment; the scenario is written without them */
    {"control-characters", 0, {"tests/import/control-characters-in-names.json"}},
    /* bad inputs */
    {"bicep-web-unresolved", 2, {"tests/import/bicep-web.json"}},
    {"bad-truncated", 2, {"tests/import/bad/truncated.json"}},
    {"bad-duplicate-key", 2, {"tests/import/bad/duplicate-key.json"}},
    {"bad-other-shape", 2, {"tests/import/bad/other-shape.json"}},
    {"bad-unknown-values", 2, {"tests/import/bad/unknown-values.json"}},
    {"bad-graph-rows", 2, {"tests/import/bad/graph-rows.json"}},
    {"bad-beyond-limits", 2, {"tests/import/bad/beyond-limits.json"}},
    {"bad-tf-values", 2, {"tests/import/bad/tf-values.json"}},
    {"bad-parameters-file", 2,
     {"tests/import/bicep-web.json", "--parameters", "tests/import/bad/not-params.json"}},
    {"bad-from", 2, {"tests/import/arm-shop.json", "--from", "terraform"}},
    {"bad-from-word", 2, {"tests/import/arm-shop.json", "--from", "cloudformation"}},
    {"bad-region", 2, {"tests/import/arm-shop.json", "--region", "westeurop"}},
    {"bad-zone-loss-region", 2,
     {"tests/import/arm-shop.json", "--template", "zone-loss", "--region", "westus"}},
    {"bad-missing-file", 2, {"tests/import/no-such-export.json"}},
};

static const char *golden_path(const char *name, const char *ext)
{
    static char path[2][256];
    static int slot;
    slot ^= 1;
    snprintf(path[slot], sizeof path[slot], "tests/golden/import/%s.%s", name, ext);
    return path[slot];
}

static void expect_golden(const char *name, const char *ext, const char *got)
{
    const char *path = golden_path(name, ext);
    if (getenv("DRSIM_UPDATE_GOLDEN") != NULL) {
        if (got[0] == '\0')
            unlink(path);
        else
            cr_assert_eq(th_write_file(path, got), 0, "cannot write %s", path);
        return;
    }
    char *want = th_read_file(path, NULL);
    if (want == NULL) {
        cr_assert(got[0] == '\0', "no golden %s for:\n%s", path, got);
        return;
    }
    cr_assert_str_eq(got, want, "%s differs (DRSIM_UPDATE_GOLDEN=1 rewrites it)", path);
    free(want);
}

static th_result import(const import_case *c, const char *output)
{
    const char *argv[20] = {"import"};
    size_t n = 1;
    for (size_t i = 0; c->args[i] != NULL; i++)
        argv[n++] = c->args[i];
    if (output != NULL) {
        argv[n++] = "-o";
        argv[n++] = output;
    }
    argv[n] = NULL;
    return th_drsim_argv(argv, NULL);
}

Test(import, every_sample_maps_to_its_golden_scenario_and_messages)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const import_case *c = &cases[i];
        th_result r = import(c, NULL);
        cr_assert_eq(r.status, c->status, "%s: status %d, not %d\n%s", c->name, r.status,
                     c->status, r.err);
        expect_golden(c->name, "out", r.out);
        expect_golden(c->name, "err", r.err);
        if (c->status != 0)
            cr_assert_str_eq(r.out, "", "%s: a failed import writes no scenario", c->name);
        th_result_free(&r);
    }
}

Test(import, every_scenario_written_validates_and_runs)
{
    const char *dir = th_tmpdir();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const import_case *c = &cases[i];
        if (c->status != 0)
            continue;
        char out[512], db[512];
        snprintf(out, sizeof out, "%s/%s.yaml", dir, c->name);
        snprintf(db, sizeof db, "%s/%s.db", dir, c->name);
        th_result r = import(c, out);
        cr_assert_eq(r.status, 0, "%s: %s", c->name, r.err);
        cr_assert(strstr(r.err, "wrote ") != NULL, "%s: %s", c->name, r.err);
        th_result_free(&r);
        r = th_drsim_run("validate", out, NULL);
        cr_assert_eq(r.status, 0, "%s does not validate: %s", out, r.err);
        cr_assert(strstr(r.err, "error") == NULL, "%s: %s", out, r.err);
        th_result_free(&r);
        r = th_drsim_run("run", out, "--db", db, "--trials", "40", NULL);
        cr_assert_eq(r.status, 0, "%s does not run: %s%s", out, r.out, r.err);
        cr_assert(strstr(r.out, "40 trials") != NULL, "%s", r.out);
        th_result_free(&r);
    }
}

Test(import, the_output_file_is_new_never_an_existing_one)
{
    const char *dir = th_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/mine.yaml", dir);
    cr_assert_eq(th_write_file(out, "# my own scenario, edited by hand\n"), 0);
    th_result r = th_drsim_run("import", "tests/import/arm-shop.json", "-o", out, NULL);
    th_expect(&r, 2);
    th_expect_err(&r, "already exists");
    th_result_free(&r);
    char *kept = th_read_file(out, NULL);
    cr_assert_str_eq(kept, "# my own scenario, edited by hand\n");
    free(kept);
}

Test(import, a_resource_not_modelled_is_listed_never_dropped)
{
    /* Every resource of the ARM sample appears in the scenario: mapped
     * (its name on a source line) or listed in the header. */
    const char *names[] = {"shopdata",    "shopbackups", "web-as",   "web-we-1",     "web-we-2",
                           "web-ne-1",    "sql-we",      "sql-we-data", "web-we-pip", "web-ne-pip",
                           "shop-tm",     "shop-vnet",   "shop-sql-we", "orders",     "shop-orders-fg",
                           "shop-sql-ne", "shop-carts",  "shop-asr-ne", "shop-plan",
                           "shop-backup-we", "NightlyVMs", "HourlySqlInVm"};
    th_result r = th_drsim_run("import", "tests/import/arm-shop.json", NULL);
    th_expect(&r, 0);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char quoted[80];
        snprintf(quoted, sizeof quoted, "'%s'", names[i]);
        cr_assert(strstr(r.out, quoted) != NULL, "%s is not in the scenario:\n%s", names[i],
                  r.out);
    }
    cr_assert(strstr(r.out, "# Not modelled (2)") != NULL, "%s", r.out);
    th_result_free(&r);
}

Test(import, names_and_text_from_the_input_cannot_write_yaml_or_reach_the_terminal)
{
    /* A name with a line break and YAML after it, a SKU with a terminal
     * escape, a kind with YAML 1.1's line separator (U+2028): the names
     * become valid scenario names, the comments stay comments, the message
     * shows the escape as text. */
    const char *dir = th_tmpdir();
    char in[512];
    snprintf(in, sizeof in, "%s/evil.json", dir);
    cr_assert_eq(th_write_file(in,
        "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
        " \"contentVersion\": \"1.0.0.0\", \"resources\": ["
        "{\"type\": \"Microsoft.Storage/storageAccounts\", \"name\": \"data\\ndrsim: 2\\nname: x\","
        " \"location\": \"westeurope\", \"sku\": {\"name\": \"Standard_GRS\"},"
        " \"kind\": \"StorageV2\\u2028apps: []\", \"properties\": {\"accessTier\": \"Hot\\u0085x: 1\"}},"
        "{\"type\": \"Microsoft.Storage/storageAccounts\", \"name\": \"other\","
        " \"location\": \"westeurope\", \"sku\": {\"name\": \"Standard_\\u001b[31mRED\"}}]}"), 0);
    th_result r = th_drsim_run("import", in, NULL);
    th_expect(&r, 2);
    cr_assert(strchr(r.err, 0x1b) == NULL, "an escape reached the terminal: %s", r.err);
    cr_assert(strstr(r.err, "'Standard_\\e[31mRED'") != NULL, "%s", r.err);
    th_result_free(&r);
    /* Without the bad account the rest imports, and loads as one scenario. */
    cr_assert_eq(th_write_file(in,
        "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
        " \"contentVersion\": \"1.0.0.0\", \"resources\": ["
        "{\"type\": \"Microsoft.Storage/storageAccounts\", \"name\": \"data\\ndrsim: 2\\nname: x\","
        " \"location\": \"westeurope\", \"sku\": {\"name\": \"Standard_GRS\"},"
        " \"kind\": \"StorageV2\\u2028apps: []\", \"properties\": {\"accessTier\": \"Hot\\u0085x: 1\"}}]}"), 0);
    char out[512];
    snprintf(out, sizeof out, "%s/evil.yaml", dir);
    r = th_drsim_run("import", in, "-o", out, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
    char *yaml = th_read_file(out, NULL);
    cr_assert(strstr(yaml, "\n  - name: data-drsim-2-name-x\n") != NULL, "%s", yaml);
    cr_assert(strstr(yaml, "\ndrsim: 2") == NULL && strstr(yaml, "\napps: []") == NULL &&
                  strstr(yaml, "\nx: 1") == NULL,
              "%s", yaml);
    cr_assert(strstr(yaml, "\xe2\x80\xa8") == NULL && strstr(yaml, "\xc2\x85") == NULL, "%s", yaml);
    free(yaml);
    r = th_drsim_run("validate", out, NULL);
    th_expect(&r, 0);
    th_result_free(&r);
}
