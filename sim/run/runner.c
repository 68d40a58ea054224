/*
 * runner.c — trials on worker threads, outcomes in order (see runner.h).
 *
 * Invariants, all under `mu` (but slot states, see below):
 *   consumed <= next <= total;  next - consumed <= window;
 *   slot[u % window] belongs to unit u for consumed <= u < next: its state is
 *   TAKEN while a worker holds u (a worker takes up to CHUNK consecutive
 *   units at once and runs them in order), READY once the outcome is in it;
 *   a slot is touched by at most one thread at a time (the worker that took
 *   it until READY, then the sink's thread until it is released).
 * Slot states and `waits_for` are sequentially consistent atomics, so a
 * worker publishes an outcome without the lock: it stores READY, then looks
 * at waits_for, and takes the lock to signal only when the sink waits for a
 * unit at or before this one. The sink sets waits_for and re-checks the
 * state under the lock before sleeping, so no wake-up is lost (store then
 * load on both sides). The sink waits for a whole chunk at a time and hands
 * every consecutive ready outcome to the sink function before taking the
 * lock again, so the threads meet about once per chunk, not once per trial.
 * The sink signals `work` only when a worker waits for room in the window.
 *
 * Sizing: the window holds RUN_WINDOW_PER_JOB units per worker, enough for
 * the workers to run on for tens of milliseconds (the flagship's trials take
 * about 55 us) while the sink's thread waits for a core: on a machine with as
 * many workers as cores it is woken onto a busy one, and on a shared machine
 * that wait can last several scheduler slices. The sink asks to be woken when
 * a quarter of the window is ready, so it drains long before the window
 * fills. A slot holds no error
 * text: a failing worker leaves its message in its own err_msg, names itself
 * in the slot, and takes no more work, so the message stays put until the
 * sink reaches that unit (no unit after it is ever needed).
 */
#include "sim/run/runner.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim/core/mem.h"

enum { SLOT_EMPTY = 0, SLOT_TAKEN, SLOT_READY };

typedef struct slot {
    atomic_int state;
    err_code rc;
    unsigned failed_by; /* when rc != ERR_OK: the worker holding the message */
    oc_trial trial;
    oc_timeline timeline;
} slot;

typedef struct shared {
    const scn_scenario *s;
    const run_options *o;
    const uint32_t *sel;   /* selected variant indices, in order */
    uint64_t per;          /* trials per variant in this slice */
    uint64_t first;        /* the slice's first trial */
    uint64_t total;        /* units */
    size_t window;
    slot *slots;

    pthread_mutex_t mu;
    pthread_cond_t work;   /* a worker may take a unit, or should stop */
    pthread_cond_t ready;  /* the slot the sink waits for became ready */
    uint64_t next, consumed;
    bool abort;
    unsigned work_waiters; /* workers waiting on `work` */
    _Atomic uint64_t waits_for; /* wake the sink when a unit >= this is ready; NONE */
} shared;

typedef struct worker_ctx {
    shared *sh;
    unsigned index;
    err_msg e; /* the message of this worker's failed unit */
} worker_ctx;

#define NONE UINT64_MAX
/* Units a worker takes at once (fewer trips through the lock). */
#define CHUNK 8

void run_slice(uint64_t trials, uint32_t k, uint32_t n, uint64_t *first, uint64_t *end)
{
    if (n == 0 || k == 0 || k > n) {
        *first = 0;
        *end = trials;
        return;
    }
    /* floor(j T / N) without overflow for any T < 2^64 and N < 2^32. */
    unsigned __int128 t = trials;
    *first = (uint64_t)(t * (k - 1) / n);
    *end = (uint64_t)(t * k / n);
}

/* Runs unit u into its slot (outside the lock). w and wv are the worker's
 * world and the variant it was built for. Returns the unit's code; on
 * failure the message is in wk->e. */
static err_code run_unit(worker_ctx *wk, uint64_t u, world **w, uint32_t *wv)
{
    shared *sh = wk->sh;
    const run_options *o = sh->o;
    slot *sl = &sh->slots[u % sh->window];
    uint32_t v = sh->sel[u / sh->per];
    uint64_t k = sh->first + u % sh->per;
    err_msg *e = &wk->e;
    err_clear(e);
    sl->rc = ERR_OK;
    if (*wv != v) {
        world_destroy(*w);
        const scn_variant *var = &sh->s->variants[v];
        *w = world_create(var->world, var->strategy, &o->limits, e);
        *wv = *w ? v : UINT32_MAX;
        if (*w == NULL)
            sl->rc = e->code != ERR_OK ? e->code : ERR_NOMEM;
    }
    if (sl->rc == ERR_OK) {
        oc_trial_init(&sl->trial, k);
        sl->timeline.enabled = k < o->trace;
        oc_timeline_clear(&sl->timeline);
        sl->rc = world_run_trial(*w, o->seed, k, &sl->trial, &sl->timeline, e);
        sl->trial.trial = k;
        if (sl->rc == ERR_OK && sl->timeline.error != ERR_OK)
            sl->rc = err_set(e, sl->timeline.error,
                             "out of memory recording the timeline of trial %llu",
                             (unsigned long long)k);
        if (sl->rc == ERR_OK)
            oc_timeline_sort(&sl->timeline);
    }
    if (sl->rc != ERR_OK) {
        /* Every message of a failed unit names its variant. */
        char what[ERR_MSG_MAX];
        if (e->text[0] != '\0')
            snprintf(what, sizeof what, "%s", e->text);
        else
            snprintf(what, sizeof what, "trial %llu: %s", (unsigned long long)k,
                     err_name(sl->rc));
        err_set(e, sl->rc, "variant %s: %.900s", sh->s->variants[v].name, what);
        sl->failed_by = wk->index;
    }
    return sl->rc;
}

static void *worker(void *arg)
{
    worker_ctx *wk = arg;
    shared *sh = wk->sh;
    world *w = NULL;
    uint32_t wv = UINT32_MAX;
    bool failed = false;

    pthread_mutex_lock(&sh->mu);
    while (!failed) {
        while (!sh->abort && sh->next < sh->total && sh->next >= sh->consumed + sh->window) {
            sh->work_waiters++;
            pthread_cond_wait(&sh->work, &sh->mu);
            sh->work_waiters--;
        }
        if (sh->abort || sh->next >= sh->total)
            break;
        uint64_t first = sh->next, n = sh->total - first;
        uint64_t room = sh->consumed + sh->window - first;
        if (n > room)
            n = room;
        if (n > CHUNK)
            n = CHUNK;
        sh->next += n;
        for (uint64_t u = first; u < first + n; u++)
            atomic_store(&sh->slots[u % sh->window].state, SLOT_TAKEN);
        pthread_mutex_unlock(&sh->mu);

        for (uint64_t u = first; u < first + n && !failed; u++) {
            /* After a failure the rest of the chunk stays TAKEN: the sink
             * stops at the failed unit and never needs it. */
            failed = run_unit(wk, u, &w, &wv) != ERR_OK;
            atomic_store(&sh->slots[u % sh->window].state, SLOT_READY);
            if (atomic_load(&sh->waits_for) <= u) {
                pthread_mutex_lock(&sh->mu);
                pthread_cond_signal(&sh->ready);
                pthread_mutex_unlock(&sh->mu);
            }
        }
        pthread_mutex_lock(&sh->mu);
        if (sh->abort)
            break;
    }
    pthread_mutex_unlock(&sh->mu);
    world_destroy(w);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress(const char *label, uint64_t done, uint64_t total, double elapsed)
{
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\r\033[Kdrsim: %s: %llu/%llu trials (%.0f%%), %.0f trials/s, ETA %.0fs",
            label, (unsigned long long)done, (unsigned long long)total,
            total ? 100.0 * (double)done / (double)total : 100.0, rate, eta);
    fflush(stderr);
}

err_code run_trials(const scn_scenario *s, const run_options *o, run_sink_fn sink, void *ctx,
                    err_msg *e)
{
    uint64_t first = 0, end = 0;
    run_slice(o->trials, o->shard_index, o->shard_count ? o->shard_count : 1, &first, &end);
    unsigned jobs = o->jobs ? o->jobs : 1;

    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.waits_for = NONE;
    sh.s = s;
    sh.o = o;
    sh.first = first;
    sh.per = end - first;
    uint32_t *sel = mem_calloc(s->nvariants ? s->nvariants : 1, sizeof *sel);
    if (sel == NULL)
        return err_set(e, ERR_NOMEM, "out of memory starting the trials");
    size_t nsel = 0;
    for (size_t v = 0; v < s->nvariants; v++)
        if (o->selected == NULL || o->selected[v])
            sel[nsel++] = (uint32_t)v;
    sh.sel = sel;
    sh.total = sh.per * nsel;
    if (sh.total == 0) {
        mem_free(sel);
        return ERR_OK;
    }
    if (jobs > sh.total)
        jobs = (unsigned)sh.total;
    sh.window = (size_t)RUN_WINDOW_PER_JOB * jobs;
    sh.slots = mem_calloc(sh.window, sizeof *sh.slots);
    pthread_t *threads = mem_calloc(jobs, sizeof *threads);
    worker_ctx *wk = mem_calloc(jobs, sizeof *wk);
    if (sh.slots == NULL || threads == NULL || wk == NULL) {
        mem_free(sh.slots);
        mem_free(threads);
        mem_free(wk);
        mem_free(sel);
        return err_set(e, ERR_NOMEM, "out of memory starting the trials");
    }

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.work, NULL);
    pthread_cond_init(&sh.ready, &ca);
    pthread_condattr_destroy(&ca);

    err_code rc = ERR_OK;
    unsigned started = 0;
    for (; started < jobs; started++) {
        wk[started].sh = &sh;
        wk[started].index = started;
        int err = pthread_create(&threads[started], NULL, worker, &wk[started]);
        if (err != 0) {
            rc = err_set(e, ERR_INTERNAL, "cannot start a worker thread: %s", strerror(err));
            break;
        }
    }

    const uint64_t batch = sh.window / 4 > CHUNK ? sh.window / 4 : CHUNK;
    double t0 = now_s(), shown = t0;
    for (uint64_t u = 0; rc == ERR_OK && u < sh.total;) {
        /* Wait until unit u is ready, asking to be woken once a quarter of
         * the window from u is done rather than for u itself: the sink then
         * sleeps through many chunks, and on a machine with as many workers
         * as cores it takes a core from them seldom (each wake-up is a
         * futex call and a context switch on a busy core), yet it drains
         * while three quarters of the window are still free. */
        pthread_mutex_lock(&sh.mu);
        while (atomic_load(&sh.slots[u % sh.window].state) != SLOT_READY &&
               !(o->stop && *o->stop)) {
            uint64_t want = u + batch - 1 < sh.total ? u + batch - 1 : sh.total - 1;
            atomic_store(&sh.waits_for, want);
            if (atomic_load(&sh.slots[want % sh.window].state) == SLOT_READY ||
                atomic_load(&sh.slots[u % sh.window].state) == SLOT_READY)
                atomic_store(&sh.waits_for, u); /* then u is what is missing */
            if (atomic_load(&sh.slots[u % sh.window].state) == SLOT_READY)
                break;
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            ts.tv_nsec += 100 * 1000 * 1000;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&sh.ready, &sh.mu, &ts);
        }
        atomic_store(&sh.waits_for, NONE);
        pthread_mutex_unlock(&sh.mu);
        if (o->stop && *o->stop) {
            rc = err_set(e, ERR_INTERRUPTED, "interrupted");
            break;
        }
        /* Every consecutive ready outcome from u, without the lock. */
        uint64_t end_u = u;
        while (end_u < sh.total && end_u - u < sh.window &&
               atomic_load(&sh.slots[end_u % sh.window].state) == SLOT_READY)
            end_u++;
        uint64_t done = u;
        for (; done < end_u && rc == ERR_OK; done++) {
            slot *sl = &sh.slots[done % sh.window];
            if (sl->rc != ERR_OK) {
                rc = sl->rc;
                if (e != NULL)
                    *e = wk[sl->failed_by].e;
                break;
            }
            uint32_t v = sh.sel[done / sh.per];
            rc = sink(ctx, v, &sl->trial, sl->timeline.enabled ? &sl->timeline : NULL, e);
        }
        pthread_mutex_lock(&sh.mu);
        for (uint64_t k = u; k < done; k++)
            atomic_store(&sh.slots[k % sh.window].state, SLOT_EMPTY);
        sh.consumed += done - u;
        if (sh.work_waiters > 0)
            pthread_cond_broadcast(&sh.work);
        pthread_mutex_unlock(&sh.mu);
        u = done;
        if (o->progress != NULL) {
            double t = now_s();
            if (t - shown >= 0.2 || u == sh.total) {
                progress(o->progress, u, sh.total, t - t0);
                shown = t;
            }
        }
    }
    if (o->progress != NULL)
        fputs("\r\033[K", stderr);

    pthread_mutex_lock(&sh.mu);
    sh.abort = true;
    pthread_cond_broadcast(&sh.work);
    pthread_mutex_unlock(&sh.mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i], NULL);

    for (size_t i = 0; i < sh.window; i++)
        oc_timeline_free(&sh.slots[i].timeline);
    pthread_cond_destroy(&sh.work);
    pthread_cond_destroy(&sh.ready);
    pthread_mutex_destroy(&sh.mu);
    mem_free(sh.slots);
    mem_free(threads);
    mem_free(wk);
    mem_free(sel);
    return rc;
}
