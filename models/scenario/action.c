/*
 * action.c — parsing and printing the operator's actions and alerts
 * (action.h's grammar).
 *
 * A text is split into words (runs of non-blank bytes) that keep their
 * offsets, so every error points at the word it is about. A verb is matched
 * on its words exactly (the CLI's spelling); its arguments are then read in
 * any order. Invariant: act_format's text parses back to the same action.
 */
#include "models/scenario/action.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "models/scenario/fields.h"
#include "sim/core/units.h"

const act_syntax act_table[SCN_NACT_VERBS] = {
    [SCN_ACT_STORAGE_FAILOVER] = {SCN_ACT_STORAGE_FAILOVER, "storage account failover",
     "ACCOUNT [--failover-type planned|unplanned]",
     "customer-managed failover of a storage account to its secondary region",
     "Unplanned (the default): the secondary becomes the primary; writes after the account's "
     "Last Sync Time are lost, and the account is locally redundant afterwards "
     "(storage-failover-customer-managed-unplanned.md). Planned: lossless, only while both "
     "regions are available (storage-failover-customer-managed-planned.md). Refused when the "
     "account is not geo-redundant, a failover is under way, its blobs are leased by the disks "
     "of VMs (storage-disaster-recovery-guidance.md: \"An account failover can't proceed when "
     "there's a lease on a blob\"), or object replication is on. drsim models an unplanned "
     "failover only while the primary is unavailable."},
    [SCN_ACT_VM_DELETE] = {SCN_ACT_VM_DELETE, "vm delete", "GROUP",
     "delete a VM group's VMs, keeping their disks (breaks the VHDs' leases)",
     "A management operation of the VMs' region: it waits while Resource Manager there does "
     "not take requests. A deleted VM serves nothing until it is created again."},
    [SCN_ACT_VM_CREATE] = {SCN_ACT_VM_CREATE, "vm create", "GROUP",
     "create a VM group's VMs from their VHDs where the account now is",
     "Once the account holding the group's VHDs has failed over, new VMs boot from them in the "
     "account's new primary region (provision time: the strategy's `provision`). Refused while "
     "the VMs still exist (delete them first) or their VHDs are not reachable."},
    [SCN_ACT_SCALE_OUT] = {SCN_ACT_SCALE_OUT, "vmss scale", "GROUP",
     "scale a standby VM group out to its scale_to capacity",
     "The group's scale_out time applies; refused when the group has no scale_out."},
    [SCN_ACT_ASR_FAILOVER] = {SCN_ACT_ASR_FAILOVER, "recovery-plan failover",
     "[--recovery-point latest|latest-processed|latest-app-consistent]",
     "run the Site Recovery recovery plan: fail the protected VMs over",
     "Groups fail over in order, each group's VMs in parallel, then its scripts and manual "
     "actions. Latest processes all received data first; latest-processed uses the newest "
     "processed point (site-recovery-failover.md). Refused while the target region is down: "
     "\"you can't perform Site Recovery management operations, including failover and "
     "failback, until the region recovers\" (reliability-site-recovery.md)."},
    [SCN_ACT_ASR_TEST_FAILOVER] = {SCN_ACT_ASR_TEST_FAILOVER, "recovery-plan test-failover", "",
     "test failover into an isolated network (production untouched)",
     "Measures the drill's own RTO; refused once a real failover has begun."},
    [SCN_ACT_ASR_COMMIT] = {SCN_ACT_ASR_COMMIT, "recovery-plan commit", "",
     "commit the failover (deletes the other recovery points)",
     "Refused until the failover has completed (azure-to-azure-tutorial-failover-failback.md)."},
    [SCN_ACT_ASR_REPROTECT] = {SCN_ACT_ASR_REPROTECT, "recovery-plan reprotect", "",
     "re-protect: replicate back to the source region",
     "Refused until the failover is committed and while the source region is down. When the "
     "source disks were destroyed it is a full initial replication of every disk "
     "(azure-to-azure-how-to-reprotect.md)."},
    [SCN_ACT_SQL_FAILOVER] = {SCN_ACT_SQL_FAILOVER, "sql failover-group set-primary", "GROUP [--allow-data-loss]",
     "fail a SQL failover group over to its secondary",
     "Without --allow-data-loss: a planned failover that loses nothing, only while both "
     "regions are available; with it: a forced failover that loses what the secondary had not "
     "received (failover-group-sql-db.md)."},
    [SCN_ACT_BACKUP_RESTORE] = {SCN_ACT_BACKUP_RESTORE, "backup restore", "--use-secondary-region",
     "restore the protected VMs in the paired region (Cross Region Restore)",
     "From the newest recovery point already copied to the secondary region "
     "(backup-azure-arm-restore-vms.md, Cross Region Restore); refused without a backup policy "
     "with cross_region_restore."},
    [SCN_ACT_ENTRY_DISABLE] = {SCN_ACT_ENTRY_DISABLE, "network traffic-manager endpoint disable", "APP REGION",
     "take an application's endpoint in a region out of rotation",
     "Traffic Manager or Front Door stops sending clients there at once (clients follow over "
     "the DNS TTL behind Traffic Manager); behind a DNS name the team remaps by hand, this is "
     "the remap."},
};

const char *const act_alert_names[SCN_NALERTS] = {"app-down", "asr-rpo", "endpoint", "status",
                                                  "storage-failover"};

enum { MAX_WORDS = 16 };

typedef struct words {
    const char *v[MAX_WORDS];
    size_t len[MAX_WORDS], off[MAX_WORDS];
    size_t n;
    bool too_many;
} words;

static void split(const char *text, words *w)
{
    memset(w, 0, sizeof *w);
    for (size_t i = 0; text[i] != '\0';) {
        if (text[i] == ' ' || text[i] == '\t') {
            i++;
            continue;
        }
        size_t j = i;
        while (text[j] != '\0' && text[j] != ' ' && text[j] != '\t')
            j++;
        if (w->n == MAX_WORDS) {
            w->too_many = true;
            return;
        }
        w->v[w->n] = text + i;
        w->len[w->n] = j - i;
        w->off[w->n] = i;
        w->n++;
        i = j;
    }
}

static bool word_is(const words *w, size_t i, const char *lit)
{
    return i < w->n && strlen(lit) == w->len[i] && strncmp(w->v[i], lit, w->len[i]) == 0;
}

static bool word_is_ci(const words *w, size_t i, const char *lit)
{
    return i < w->n && strlen(lit) == w->len[i] && strncasecmp(w->v[i], lit, w->len[i]) == 0;
}

/* Word i as a string (cut at n - 1 bytes), for messages. */
static const char *word_text(const words *w, size_t i, char *buf, size_t n)
{
    snprintf(buf, n, "%.*s", (int)(w->len[i] < n - 1 ? w->len[i] : n - 1), w->v[i]);
    return buf;
}

/* Invariant: act_table[v].verb == v (designated initializers). */

/* How many of verb v's words match w from `first` (all of them: a match). */
static size_t verb_match(const act_syntax *v, const words *w, size_t first)
{
    words vw;
    split(v->words, &vw);
    size_t k = 0;
    while (k < vw.n && first + k < w->n && vw.len[k] == w->len[first + k] &&
           strncmp(vw.v[k], w->v[first + k], vw.len[k]) == 0)
        k++;
    return k;
}

static size_t verb_words(const act_syntax *v)
{
    words vw;
    split(v->words, &vw);
    return vw.n;
}

static bool fail(size_t *col, size_t at, char *msg, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bool fail(size_t *col, size_t at, char *msg, size_t n, const char *fmt, ...)
{
    *col = at + 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, n, fmt, ap);
    va_end(ap);
    return false;
}

/* The list of the verbs' first words, for "expected" messages. */
static void verb_list(char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < SCN_NACT_VERBS && used < n; i++) {
        int k = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", act_table[i].words);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

int act_find_verb(const char *text)
{
    words w;
    split(text, &w);
    size_t first = word_is(&w, 0, "az") ? 1 : 0;
    for (size_t i = 0; i < SCN_NACT_VERBS; i++)
        if (verb_match(&act_table[i], &w, first) == verb_words(&act_table[i]))
            return (int)i;
    return -1;
}

typedef enum name_kind { NK_ACCOUNT, NK_GROUP, NK_SQL, NK_APP, NK_REGION } name_kind;

static size_t names_count(const scn_world *W, name_kind k)
{
    switch (k) {
    case NK_ACCOUNT:
        return W->naccounts;
    case NK_GROUP:
        return W->nvms;
    case NK_SQL:
        return W->nsql;
    case NK_APP:
        return W->napps;
    case NK_REGION:
        return W->nregions;
    }
    return 0;
}

static const char *name_or_null(const scn_world *W, name_kind k, size_t i)
{
    switch (k) {
    case NK_ACCOUNT:
        return W->accounts[i].name;
    case NK_GROUP:
        return W->vms[i].name;
    case NK_SQL:
        return W->sql[i].name;
    case NK_APP:
        return W->apps[i].name;
    case NK_REGION:
        return W->regions[i].name;
    }
    return "";
}

/* The name of entity i of kind k; "" for one whose name the loader could
 * not read (a scenario with errors is still parsed for all of them). */
static const char *name_at(const scn_world *W, name_kind k, size_t i)
{
    const char *n = name_or_null(W, k, i);
    return n ? n : "";
}

static const char *const kind_noun[] = {"a storage account", "a VM group",
                                        "a SQL failover group", "an application", "a region"};

/* Reads word i as a name of kind k into *index. */
static bool read_name(const scn_world *W, const words *w, size_t i, name_kind k,
                      int32_t *index, size_t *col, char *msg, size_t n, size_t end_off)
{
    if (i >= w->n) {
        char list[256] = "";
        size_t used = 0;
        for (size_t j = 0; j < names_count(W, k) && used < sizeof list; j++) {
            int m = snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "",
                             name_at(W, k, j));
            if (m < 0)
                break;
            used += (size_t)m;
        }
        return fail(col, end_off, msg, n, "expected %s of the scenario (%s)", kind_noun[k],
                    names_count(W, k) ? list : "it has none");
    }
    for (size_t j = 0; j < names_count(W, k); j++) {
        const char *nm = name_at(W, k, j);
        if (strlen(nm) == w->len[i] && strncmp(nm, w->v[i], w->len[i]) == 0) {
            *index = (int32_t)j;
            return true;
        }
    }
    char got[64];
    return fail(col, w->off[i], msg, n, "'%s' is not %s of the scenario",
                word_text(w, i, got, sizeof got), kind_noun[k]);
}

static bool parse_rp(const words *w, size_t i, scn_act *a, size_t *col, char *msg, size_t n,
                     size_t end_off)
{
    static const char *const rps[] = {"latest", "latest-processed", "latest-app-consistent"};
    for (size_t k = 0; k < 3; k++)
        if (word_is_ci(w, i, rps[k])) {
            a->has_rp = true;
            a->rp = (scn_recovery_point)k;
            return true;
        }
    return fail(col, i < w->n ? w->off[i] : end_off, msg, n,
                "expected a recovery point: latest, latest-processed or "
                "latest-app-consistent");
}

bool act_parse(const scn_world *W, const char *text, scn_act *a, size_t *col, char *msg,
               size_t n)
{
    words w;
    split(text, &w);
    size_t end_off = strlen(text);
    memset(a, 0, sizeof *a);
    a->target = a->region = SCN_NONE;
    if (w.too_many)
        return fail(col, w.off[MAX_WORDS - 1], msg, n, "too many words");
    size_t first = word_is(&w, 0, "az") ? 1 : 0;
    int best = -1;
    size_t best_k = 0;
    for (size_t i = 0; i < SCN_NACT_VERBS; i++) {
        size_t k = verb_match(&act_table[i], &w, first);
        if (k == verb_words(&act_table[i])) {
            best = (int)i;
            best_k = k;
            break;
        }
        if (k > best_k) {
            best_k = k;
            best = -(int)i - 2; /* a partial match: say what follows it */
        }
    }
    if (best < 0) {
        size_t at = first + best_k < w.n ? w.off[first + best_k] : end_off;
        if (best_k > 0) {
            const act_syntax *v = &act_table[-best - 2];
            words vw;
            split(v->words, &vw);
            char alts[256] = "";
            size_t used = 0;
            for (size_t i = 0; i < SCN_NACT_VERBS && used < sizeof alts; i++) {
                if (verb_match(&act_table[i], &w, first) != best_k ||
                    verb_words(&act_table[i]) <= best_k)
                    continue;
                words iw;
                split(act_table[i].words, &iw);
                int m = snprintf(alts + used, sizeof alts - used, "%s%.*s", used ? ", " : "",
                                 (int)iw.len[best_k], iw.v[best_k]);
                if (m < 0)
                    break;
                used += (size_t)m;
            }
            return fail(col, at, msg, n, "expected %s after '%.*s'", alts,
                        (int)(vw.off[best_k - 1] + vw.len[best_k - 1]), v->words);
        }
        char list[512];
        verb_list(list, sizeof list);
        return fail(col, at, msg, n, "expected an action: %s", list);
    }
    const act_syntax *v = &act_table[best];
    a->verb = v->verb;
    size_t i = first + best_k;
    bool named = false;
    switch (a->verb) {
    case SCN_ACT_STORAGE_FAILOVER:
    case SCN_ACT_VM_DELETE:
    case SCN_ACT_VM_CREATE:
    case SCN_ACT_SCALE_OUT:
    case SCN_ACT_SQL_FAILOVER: {
        name_kind k = a->verb == SCN_ACT_STORAGE_FAILOVER ? NK_ACCOUNT
                      : a->verb == SCN_ACT_SQL_FAILOVER   ? NK_SQL
                                                          : NK_GROUP;
        for (; i < w.n; i++) {
            if (word_is(&w, i, "--name") || word_is(&w, i, "-n")) {
                if (!read_name(W, &w, i + 1, k, &a->target, col, msg, n, end_off))
                    return false;
                named = true;
                i++;
            } else if (a->verb == SCN_ACT_STORAGE_FAILOVER && word_is(&w, i, "--failover-type")) {
                if (word_is_ci(&w, i + 1, "planned"))
                    a->planned = true;
                else if (!word_is_ci(&w, i + 1, "unplanned"))
                    return fail(col, i + 1 < w.n ? w.off[i + 1] : end_off, msg, n,
                                "expected planned or unplanned after --failover-type");
                i++;
            } else if (a->verb == SCN_ACT_SQL_FAILOVER && word_is(&w, i, "--allow-data-loss")) {
                a->allow_data_loss = true;
            } else if (!named && w.v[i][0] != '-') {
                if (!read_name(W, &w, i, k, &a->target, col, msg, n, end_off))
                    return false;
                named = true;
            } else {
                char got[64];
                return fail(col, w.off[i], msg, n, "unexpected '%s'; expected %s",
                            word_text(&w, i, got, sizeof got), v->args);
            }
        }
        if (!named)
            return read_name(W, &w, w.n, k, &a->target, col, msg, n, end_off);
        return true;
    }
    case SCN_ACT_ASR_FAILOVER:
        for (; i < w.n; i++) {
            if (!word_is(&w, i, "--recovery-point"))
                return fail(col, w.off[i], msg, n, "expected --recovery-point");
            if (!parse_rp(&w, i + 1, a, col, msg, n, end_off))
                return false;
            i++;
        }
        return true;
    case SCN_ACT_BACKUP_RESTORE:
        if (!word_is(&w, i, "--use-secondary-region"))
            return fail(col, i < w.n ? w.off[i] : end_off, msg, n,
                        "expected --use-secondary-region (drsim models Cross Region Restore: "
                        "the primary region's vault is what the outage took)");
        i++;
        break;
    case SCN_ACT_ENTRY_DISABLE:
        if (!read_name(W, &w, i, NK_APP, &a->target, col, msg, n, end_off) ||
            !read_name(W, &w, i + 1, NK_REGION, &a->region, col, msg, n, end_off))
            return false;
        i += 2;
        break;
    default:
        break;
    }
    if (i < w.n) {
        char got[64];
        return fail(col, w.off[i], msg, n, "unexpected '%s' after the action",
                    word_text(&w, i, got, sizeof got));
    }
    return true;
}

bool act_parse_when(const char *text, scn_step *s, size_t *col, char *msg, size_t n)
{
    words w;
    split(text, &w);
    size_t end_off = strlen(text);
    s->has_when = true;
    s->eta_over = 0;
    if (word_is(&w, 0, "status")) {
        s->when = SCN_ALERT_STATUS;
        if (w.n == 1)
            return true;
        if (!word_is(&w, 1, "eta") || !word_is(&w, 2, ">"))
            return fail(col, w.off[1], msg, n, "expected 'eta > DURATION' after status");
        if (w.n != 4)
            return fail(col, w.n < 4 ? end_off : w.off[4], msg, n,
                        "expected one duration after 'status eta >'");
        err_msg e;
        err_clear(&e);
        double d;
        if (units_parse_n(UNITS_DURATION, w.v[3], w.len[3], &d, &e) != ERR_OK || !(d > 0))
            return fail(col, w.off[3], msg, n, "expected a duration > 0 (such as 4h)");
        s->eta_over = d;
        return true;
    }
    if (word_is(&w, 0, "alert") && w.n == 2)
        for (size_t k = 0; k < SCN_NALERTS; k++)
            if (k != SCN_ALERT_STATUS && word_is(&w, 1, act_alert_names[k])) {
                s->when = (scn_alert)k;
                return true;
            }
    if (word_is(&w, 0, "alert") && w.n > 2)
        return fail(col, w.off[2], msg, n, "unexpected words after the alert's name");
    return fail(col, word_is(&w, 0, "alert") && w.n > 1 ? w.off[1] : word_is(&w, 0, "alert")
                                                                         ? end_off
                                                                         : 0,
                msg, n,
                "expected alert app-down, alert asr-rpo, alert endpoint, alert storage-failover, "
                "status, or status eta > DURATION");
}

void act_format(const scn_world *W, const scn_act *a, strbuf *out)
{
    const act_syntax *v = &act_table[a->verb];
    sb_str(out, v->words);
    switch (a->verb) {
    case SCN_ACT_STORAGE_FAILOVER:
        sb_printf(out, " %s", W->accounts[a->target].name);
        if (a->planned)
            sb_str(out, " --failover-type planned");
        break;
    case SCN_ACT_VM_DELETE:
    case SCN_ACT_VM_CREATE:
    case SCN_ACT_SCALE_OUT:
        sb_printf(out, " %s", W->vms[a->target].name);
        break;
    case SCN_ACT_SQL_FAILOVER:
        sb_printf(out, " %s%s", W->sql[a->target].name,
                  a->allow_data_loss ? " --allow-data-loss" : "");
        break;
    case SCN_ACT_ASR_FAILOVER:
        if (a->has_rp)
            sb_printf(out, " --recovery-point %s", fld_recovery_point_names[a->rp]);
        break;
    case SCN_ACT_BACKUP_RESTORE:
        sb_str(out, " --use-secondary-region");
        break;
    case SCN_ACT_ENTRY_DISABLE:
        sb_printf(out, " %s %s", W->apps[a->target].name, W->regions[a->region].name);
        break;
    default:
        break;
    }
}

static void offer(const char *cand, const char *word, void (*fn)(void *, const char *),
                  void *ctx)
{
    if (cand != NULL && strncmp(cand, word, strlen(word)) == 0)
        fn(ctx, cand);
}

void act_complete(const scn_world *W, const char *const *wordv, size_t index, const char *word,
                  void (*fn)(void *ctx, const char *candidate), void *ctx)
{
    size_t first = index > 0 && strcmp(wordv[0], "az") == 0 ? 1 : 0;
    /* The verb's own words: offer the next word of every verb the earlier
     * words begin, once each. */
    const char *seen[SCN_NACT_VERBS];
    size_t nseen = 0;
    for (size_t i = 0; i < SCN_NACT_VERBS; i++) {
        words vw;
        split(act_table[i].words, &vw);
        size_t k = 0;
        while (k < vw.n && first + k < index && vw.len[k] == strlen(wordv[first + k]) &&
               strncmp(vw.v[k], wordv[first + k], vw.len[k]) == 0)
            k++;
        if (first + k != index)
            continue;
        if (k < vw.n) {
            char cand[64];
            snprintf(cand, sizeof cand, "%.*s", (int)vw.len[k], vw.v[k]);
            bool dup = false;
            for (size_t s = 0; s < nseen; s++)
                dup |= strcmp(seen[s], act_table[i].words) == 0 ||
                       (strncmp(seen[s], act_table[i].words, vw.off[k] + vw.len[k]) == 0);
            if (!dup) {
                seen[nseen++] = act_table[i].words;
                offer(cand, word, fn, ctx);
            }
            continue;
        }
    }
    /* After a whole verb: its arguments. */
    for (size_t i = 0; i < SCN_NACT_VERBS; i++) {
        words vw;
        split(act_table[i].words, &vw);
        if (index < first + vw.n)
            continue;
        bool match = true;
        for (size_t k = 0; k < vw.n && match; k++)
            match = vw.len[k] == strlen(wordv[first + k]) &&
                    strncmp(vw.v[k], wordv[first + k], vw.len[k]) == 0;
        if (!match)
            continue;
        const char *prev = index > 0 ? wordv[index - 1] : "";
        size_t argi = index - first - vw.n;
        switch (act_table[i].verb) {
        case SCN_ACT_STORAGE_FAILOVER:
            if (strcmp(prev, "--failover-type") == 0) {
                offer("planned", word, fn, ctx);
                offer("unplanned", word, fn, ctx);
                break;
            }
            for (size_t k = 0; argi == 0 && k < W->naccounts; k++)
                offer(W->accounts[k].name, word, fn, ctx);
            if (argi > 0)
                offer("--failover-type", word, fn, ctx);
            break;
        case SCN_ACT_VM_DELETE:
        case SCN_ACT_VM_CREATE:
        case SCN_ACT_SCALE_OUT:
            for (size_t k = 0; argi == 0 && k < W->nvms; k++)
                offer(W->vms[k].name, word, fn, ctx);
            break;
        case SCN_ACT_SQL_FAILOVER:
            for (size_t k = 0; argi == 0 && k < W->nsql; k++)
                offer(W->sql[k].name, word, fn, ctx);
            if (argi > 0)
                offer("--allow-data-loss", word, fn, ctx);
            break;
        case SCN_ACT_ASR_FAILOVER:
            if (strcmp(prev, "--recovery-point") == 0)
                for (size_t k = 0; k < 3; k++)
                    offer(fld_recovery_point_names[k], word, fn, ctx);
            else if (argi == 0)
                offer("--recovery-point", word, fn, ctx);
            break;
        case SCN_ACT_BACKUP_RESTORE:
            if (argi == 0)
                offer("--use-secondary-region", word, fn, ctx);
            break;
        case SCN_ACT_ENTRY_DISABLE:
            for (size_t k = 0; argi == 0 && k < W->napps; k++)
                offer(W->apps[k].name, word, fn, ctx);
            for (size_t k = 0; argi == 1 && k < W->nregions; k++)
                offer(W->regions[k].name, word, fn, ctx);
            break;
        default:
            break;
        }
    }
}
