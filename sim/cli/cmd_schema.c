/*
 * cmd_schema.c — `drsim schema`: the JSON Schema of the scenario format on
 * stdout (models/scenario/schema.h), for editors: scenarios/drsim.schema.json
 * is a copy, named by the shipped scenarios' yaml-language-server modeline.
 */
#include <stdio.h>

#include "models/scenario/schema.h"
#include "sim/cli/cli.h"
#include "sim/cli/cmd.h"
#include "sim/core/mem.h"

err_code cmd_schema(int argc, char **argv)
{
    const cli_spec spec = {"schema",
                           "schema\n"
                           "\n"
                           "Prints the JSON Schema (draft 2020-12) of scenario files, written\n"
                           "from the format's tables: every key, its type, default and\n"
                           "description. An editor with a YAML language server (VS Code's YAML\n"
                           "extension, any LSP client) completes and checks keys with it; a\n"
                           "scenario names it in its first line:\n"
                           "  # yaml-language-server: $schema=./drsim.schema.json\n"
                           "drsim validate checks more (references, checks across keys).",
                           NULL, 0, 0, 0, ""};
    cli_args a;
    err_code rc = cli_parse(&spec, argc, argv, &a);
    cli_args_free(&spec, &a);
    if (rc != ERR_OK || a.help)
        return rc;
    char *text = sch_text();
    if (text == NULL) {
        con_error("schema", "out of memory");
        return ERR_NOMEM;
    }
    fputs(text, stdout);
    mem_free(text);
    return ERR_OK;
}
