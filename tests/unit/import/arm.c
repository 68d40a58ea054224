/*
 * arm.c — the ARM template reader: its expressions evaluated from the
 * template's parameters and variables and from a parameters file, copy
 * loops, nested children, and what stays unresolved (an error where the
 * value is needed, with the reason), read from small templates in memory.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "models/import/arm.h"
#include "models/import/estate.h"

static json_t *doc(const char *text)
{
    json_error_t err;
    json_t *d = json_loads(text, 0, &err);
    cr_assert(d != NULL, "test JSON: %s at %d:%d", err.text, err.line, err.column);
    return d;
}

static est_estate *read_template(const char *text, const char *params)
{
    est_estate *e = est_new("t.json");
    cr_assert(e != NULL);
    json_t *d = doc(text), *p = params != NULL ? doc(params) : NULL;
    arm_read(e, d, p);
    json_decref(d);
    json_decref(p);
    return e;
}

static const char *first_error(const est_estate *e)
{
    for (size_t i = 0; i < e->nfindings; i++)
        if (e->findings[i].error)
            return e->findings[i].text;
    return NULL;
}

#define HEAD "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"contentVersion\": \"1.0.0.0\", "

Test(arm, parameters_from_the_file_win_over_defaults_and_variables_build_names)
{
    est_estate *e = read_template(
        HEAD "\"parameters\": {\"loc\": {\"type\": \"string\", \"defaultValue\": \"westeurope\"},"
             " \"rep\": {\"type\": \"string\", \"defaultValue\": \"LRS\"}},"
             "\"variables\": {\"base\": \"[toLower('Shop')]\", \"name\": \"[concat(variables('base'), 'data')]\"},"
             "\"resources\": [{\"type\": \"Microsoft.Storage/storageAccounts\", \"name\": \"[variables('name')]\","
             " \"location\": \"[parameters('loc')]\", \"sku\": {\"name\": \"[format('Standard_{0}', parameters('rep'))]\"}}]}",
        "{\"parameters\": {\"rep\": {\"value\": \"RAGZRS\"}}}");
    cr_assert_null(first_error(e), "%s", first_error(e));
    cr_assert_eq(e->naccounts, 1);
    cr_assert_str_eq(e->accounts[0].name, "shopdata");
    cr_assert_str_eq(e->accounts[0].region, "westeurope");
    cr_assert_str_eq(e->accounts[0].redundancy, "RA-GZRS");
    est_free(e);
}

Test(arm, resource_id_of_a_disk_is_the_id_its_vm_refers_to)
{
    est_estate *e = read_template(
        HEAD "\"resources\": [{\"type\": \"Microsoft.Compute/disks\", \"name\": \"d1\", \"location\": \"westeurope\","
             " \"sku\": {\"name\": \"Premium_LRS\"}, \"properties\": {\"diskSizeGB\": 512}},"
             "{\"type\": \"Microsoft.Compute/virtualMachines\", \"name\": \"vm1\", \"location\": \"westeurope\","
             " \"properties\": {\"storageProfile\": {\"dataDisks\": [{\"lun\": 3, \"managedDisk\": "
             "{\"id\": \"[resourceId('Microsoft.Compute/disks', 'd1')]\"}}]}}}]}",
        NULL);
    cr_assert_null(first_error(e));
    cr_assert_eq(e->ndisks, 1);
    cr_assert_eq(e->nvms, 1);
    cr_assert_eq(e->vms[0].ndisks, 1);
    cr_assert_eq(e->vms[0].disks[0].lun, 3);
    /* The template's own id and a Resource Graph id of the same disk agree. */
    cr_assert(est_same_id(e, e->vms[0].disks[0].ref, e->disks[0].id));
    cr_assert(est_same_id(e, e->disks[0].id,
                          "/subscriptions/s/resourceGroups/RG/providers/Microsoft.Compute/disks/D1"));
    cr_assert_eq(e->disks[0].size_gib, 512);
    est_free(e);
}

Test(arm, a_copy_loop_makes_one_resource_per_index)
{
    est_estate *e = read_template(
        HEAD "\"parameters\": {\"n\": {\"type\": \"int\", \"defaultValue\": 3}},"
             "\"resources\": [{\"copy\": {\"name\": \"web\", \"count\": \"[length(range(0, parameters('n')))]\"},"
             " \"type\": \"Microsoft.Compute/virtualMachines\", \"name\": \"[format('web-{0}', copyIndex(1))]\","
             " \"location\": \"westeurope\", \"zones\": [\"[string(add(mod(copyIndex(), 3), 1))]\"]}]}",
        NULL);
    cr_assert_null(first_error(e), "%s", first_error(e));
    cr_assert_eq(e->nvms, 3);
    for (size_t i = 0; i < 3; i++) {
        char want[16];
        snprintf(want, sizeof want, "web-%zu", i + 1);
        cr_assert_str_eq(e->vms[i].name, want);
        cr_assert_eq(e->vms[i].zone, (int)i + 1);
    }
    est_free(e);
}

Test(arm, a_nested_child_takes_its_parents_type_and_name)
{
    est_estate *e = read_template(
        HEAD "\"resources\": [{\"type\": \"Microsoft.Sql/servers\", \"name\": \"srv\", \"location\": \"northeurope\","
             " \"resources\": [{\"type\": \"failoverGroups\", \"name\": \"fg\", \"properties\": {"
             "\"readWriteEndpoint\": {\"failoverPolicy\": \"Automatic\", \"failoverWithDataLossGracePeriodMinutes\": 90},"
             "\"partnerServers\": [{\"id\": \"[resourceId('Microsoft.Sql/servers', 'srv2')]\"}]}}]}]}",
        NULL);
    cr_assert_null(first_error(e));
    cr_assert_eq(e->nsqlfgs, 1);
    cr_assert_str_eq(e->sqlfgs[0].name, "fg");
    cr_assert(e->sqlfgs[0].automatic);
    cr_assert_eq(e->sqlfgs[0].grace_minutes, 90);
    cr_assert(est_same_id(e, e->sqlfgs[0].server_ref, "/providers/Microsoft.Sql/servers/srv"));
    est_free(e);
}

Test(arm, what_only_azure_knows_is_an_error_with_its_reason_where_needed)
{
    est_estate *e = read_template(
        HEAD "\"parameters\": {\"loc\": {\"type\": \"string\", \"defaultValue\": \"[resourceGroup().location]\"}},"
             "\"resources\": [{\"type\": \"Microsoft.Storage/storageAccounts\", \"name\": \"acct\","
             " \"location\": \"[parameters('loc')]\", \"sku\": {\"name\": \"Standard_LRS\"},"
             " \"tags\": {\"owner\": \"[reference('x').owner]\"}}]}",
        NULL);
    cr_assert_eq(est_nerrors(e), 1, "only the location is needed; the tag is not");
    cr_assert(strstr(first_error(e), "resourceGroup() is known only when Azure deploys") != NULL,
              "%s", first_error(e));
    cr_assert(strstr(first_error(e), "parameter 'loc'") != NULL, "%s", first_error(e));
    cr_assert_str_eq(e->findings[0].path, "$.resources[0].location");
    est_free(e);
}

Test(arm, a_cycle_of_variables_is_unresolved_not_a_crash)
{
    est_estate *e = read_template(
        HEAD "\"variables\": {\"a\": \"[variables('b')]\", \"b\": \"[variables('a')]\"},"
             "\"resources\": [{\"type\": \"Microsoft.Storage/storageAccounts\", \"name\": \"[variables('a')]\","
             " \"location\": \"westeurope\", \"sku\": {\"name\": \"Standard_LRS\"}}]}",
        NULL);
    cr_assert_eq(est_nerrors(e), 1);
    cr_assert(strstr(first_error(e), "nested too deep") != NULL, "%s", first_error(e));
    est_free(e);
}

Test(arm, an_escaped_bracket_is_a_literal)
{
    est_estate *e = read_template(
        HEAD "\"resources\": [{\"type\": \"Microsoft.Storage/storageAccounts\", \"name\": \"acct\","
             " \"location\": \"westeurope\", \"kind\": \"[[StorageV2]\", \"sku\": {\"name\": \"Standard_GRS\"}}]}",
        NULL);
    cr_assert_null(first_error(e));
    cr_assert_str_eq(e->accounts[0].kind, "[StorageV2]");
    est_free(e);
}

Test(arm, bicep_symbolic_resources_are_read)
{
    est_estate *e = read_template(
        HEAD "\"languageVersion\": \"2.0\", \"resources\": {\"acct\": {\"type\": \"Microsoft.Storage/storageAccounts\","
             " \"name\": \"acct\", \"location\": \"West Europe\", \"sku\": {\"name\": \"Standard_ZRS\"}}}}",
        NULL);
    cr_assert_null(first_error(e));
    cr_assert_eq(e->naccounts, 1);
    cr_assert_str_eq(e->accounts[0].src.path, "$.resources.acct");
    cr_assert_str_eq(e->accounts[0].region, "westeurope");
    est_free(e);
}
