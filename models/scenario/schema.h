/*
 * schema.h — the scenario format as a JSON Schema (draft 2020-12), for
 * editors and any other tool that checks YAML against a schema.
 *
 * The schema is generated from the format's tables (fields.h): every key with
 * its description, its type (names, whole numbers with their bounds, words,
 * quantities and distributions as text patterns, references, lists,
 * mappings), its default, the required keys, no other key (additionalProperties
 * false), and the keys each strategy kind takes. `drsim schema` prints it;
 * scenarios/drsim.schema.json is a copy, and shipped scenarios name it in a
 * yaml-language-server modeline.
 *
 * What only the loader can check (references to names, checks across fields,
 * a distribution's arguments) is not in the schema: a file the schema accepts
 * may still be refused by `drsim validate`, never the other way round for
 * files written as the format reference says (a distribution inside a flow
 * mapping `{ }` is quoted, since a YAML parser splits it at its comma).
 *
 * Ownership: the text belongs to the caller (mem_free).
 */
#ifndef DRSIM_SCHEMA_H
#define DRSIM_SCHEMA_H

/* The schema as pretty-printed JSON, ending with a newline; NULL when out of
 * memory. */
char *sch_text(void);

#endif
