/*
 * drill_report.c — the HTML debrief of a drill (`drsim report --drill`):
 * its sections, the best play in hindsight marked, the team's actions in
 * the timeline, and every text from the scenario or the database escaped.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/render/html.h"
#include "reports/text/drillview.h"

#define HOSTILE "<script>alert(1)</script>"

static char *render(const store_drill *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    err_msg e = {0};
    cr_assert_eq(html_render_drill(d, f, &e), ERR_OK, "%s", e.text);
    fclose(f);
    return buf;
}

Test(drill_report, the_debrief_page_marks_the_best_play_and_escapes_every_text)
{
    store_drill_action acts[1] = {{600, 0, "recovery-plan failover", "started " HOSTILE, false}};
    oc_event evs[2] = {{.t = 60000000, .kind = OC_EV_OUTAGE_START},
                       {.t = 960000000, .kind = OC_EV_OPERATOR}};
    snprintf(evs[0].subject, sizeof evs[0].subject, "westeurope");
    snprintf(evs[0].detail, sizeof evs[0].detail, "region " HOSTILE);
    store_drill_play plays[2];
    oc_trial_init(&plays[0].outcome, 0);
    oc_set(&plays[0].outcome, OC_RTO, 7200);
    oc_set(&plays[0].outcome, OC_RPO, 300);
    plays[0].who = "team";
    plays[0].team = true;
    oc_trial_init(&plays[1].outcome, 0);
    oc_set(&plays[1].outcome, OC_RTO, 3600);
    oc_set(&plays[1].outcome, OC_RPO, 300);
    plays[1].who = "asr" HOSTILE;
    plays[1].team = false;
    store_drill_rank ranks[1] = {{"asr" HOSTILE, OC_RTO, 100, 0.9, 0, 0.1, 3500, 5000}};
    store_drill d = {.id = 4, .scenario = "shop" HOSTILE, .mode = "terminal", .ended = "end",
                     .trial = 3, .seed = 1, .t_alert = 300, .actions = acts, .nactions = 1,
                     .events = evs, .nevents = 2, .plays = plays, .nplays = 2, .ranks = ranks,
                     .nranks = 1};
    cr_assert_eq(dview_best(&d), 1);
    char *html = render(&d);
    cr_assert(strstr(html, "<script>") == NULL, "unescaped text in the page");
    cr_assert(strstr(html, "&lt;script&gt;") != NULL);
    cr_assert(strstr(html, "id=\"plays\"") && strstr(html, "id=\"ranks\"") &&
              strstr(html, "id=\"timeline\"") && strstr(html, "id=\"debrief\""));
    /* The best play is the strategy's, marked; the team's action is in the
     * timeline at +11m (the page at 5 minutes, the action at 16). */
    cr_assert(strstr(html, "<tr class=\"best\"><td>asr&lt;script&gt;") != NULL, "%s", html);
    cr_assert(strstr(html, "<tr class=\"act\"><td>Mon 00:16</td><td>+11m</td>") != NULL, "%s",
              html);
    cr_assert(strstr(html, "In hindsight: asr") != NULL);
    free(html);
}
