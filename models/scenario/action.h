/*
 * action.h — the operator's actions and alerts as text: what a runbook step's
 * `do:` and `when:` say, what a team types in `drsim drill`, and what a drill
 * script holds. One grammar for the three, so that a runbook written by hand,
 * a script and a drill at the keyboard mean the same thing.
 *
 * Actions are named as the real tools name them (the Azure CLI's command
 * groups and the portal's buttons), without `az`:
 *
 *   storage account failover ACCOUNT [--failover-type planned|unplanned]
 *   vm delete GROUP                         (the VMs; their disks are kept)
 *   vm create GROUP                         (from its VHDs, failed over)
 *   vmss scale GROUP                        (a standby group to its scale_to)
 *   recovery-plan failover [--recovery-point latest|latest-processed|
 *                                            latest-app-consistent]
 *   recovery-plan test-failover | commit | reprotect
 *   sql failover-group set-primary GROUP [--allow-data-loss]
 *   backup restore --use-secondary-region  (cross-region restore of the VMs)
 *   network traffic-manager endpoint disable APP REGION
 *
 * A leading `az` is accepted and ignored; words are separated by blanks;
 * names are the scenario's. Alerts (`when:`) are `alert app-down`, `alert
 * asr-rpo`, `alert endpoint`, `alert storage-failover`, `status` (any notice
 * on the status page) and `status eta > DURATION`.
 *
 * Errors: a parse failure sets *col (1-based, into the text) and a message
 * saying what was expected there, listing the choices. Nothing is allocated.
 */
#ifndef DRSIM_ACTION_H
#define DRSIM_ACTION_H

#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "sim/core/strbuf.h"

/* One verb's syntax and what it does, for `help`. */
typedef struct act_syntax {
    scn_act_verb verb;
    const char *words;   /* "storage account failover" */
    const char *args;    /* "ACCOUNT [--failover-type planned|unplanned]" */
    const char *summary; /* one line */
    const char *help;    /* what it does in drsim, when the service refuses it, and
                            the document that says so */
} act_syntax;

extern const act_syntax act_table[SCN_NACT_VERBS];

/* The alerts' names as `when: alert NAME` gives them, by scn_alert. */
extern const char *const act_alert_names[SCN_NALERTS];

/* Parses an action against world w. */
bool act_parse(const scn_world *w, const char *text, scn_act *out, size_t *col, char *msg,
               size_t n);

/* Parses a condition ("alert asr-rpo", "status eta > 4h") into step s
 * (has_when, when, eta_over). */
bool act_parse_when(const char *text, scn_step *s, size_t *col, char *msg, size_t n);

/* The action's canonical text (parses back to the same action). */
void act_format(const scn_world *w, const scn_act *a, strbuf *out);

/* Completion of the index-th word of an action (words[0..index-1] before
 * it): the candidates that start with `word`, in order. */
void act_complete(const scn_world *w, const char *const *words, size_t index, const char *word,
                  void (*fn)(void *ctx, const char *candidate), void *ctx);

/* The verb whose words start `text` ("recovery-plan failover"), or -1. */
int act_find_verb(const char *text);

#endif
