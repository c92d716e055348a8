package io.crmsync.app.serve;

import io.crmsync.engine.model.Side;
import io.crmsync.engine.run.RunReport;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The single worker of one object sync under {@code crmsync serve}: at most one run of its object sync at a time,
 * started on a shared executor whenever there is work. Work is either <em>pushed ids</em> (from webhooks and
 * database notifications), which are read by id ({@link io.crmsync.engine.run.ObjectSyncRunner#runPushed}), or a
 * <em>feed run</em> (start-up and poll), which reads the change feeds from the checkpoints, or a <em>reconciling
 * run</em>: a feed run that also reads every linked id back to find deletes no feed reported
 * ({@link io.crmsync.engine.run.RunOptions#reconcile()}). Ids pushed while a run is going are coalesced into the
 * next run, so a burst of events costs one or two runs, and an id named twice is read once. Pushed ids go first:
 * they are what a user is waiting for. A reconciling run stands for a feed run due at the same time.
 *
 * <p>A run that fails is logged by the {@link Runs} callback, and its work is kept and tried again after a delay
 * that doubles from 1 s up to a minute (or sooner, with the next push or poll).
 *
 * <p>Threading: every method is thread-safe.
 */
final class ObjectSyncWorker {
    /** The kinds of run a worker starts. */
    enum Kind {
        /** Pushed ids, read by id. */
        PUSHED,
        /** A run from the checkpoints. */
        FEED,
        /** A run from the checkpoints that also reads every linked id back. */
        RECONCILING
    }

    /** What the worker calls to run its object sync; {@code pushed} is {@code null} unless the kind is PUSHED. */
    interface Runs {
        RunReport run(Kind kind, Map<Side, Set<String>> pushed);

        /** A run ended (report set) or failed (error set). */
        void finished(Kind kind, RunReport report, RuntimeException error);
    }

    private static final long MAX_RETRY_MS = 60_000;
    private final String label;
    private final Runs runs;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Map<Side, Set<String>> pending = new EnumMap<>(Side.class);
    private boolean feedDue;
    private boolean reconcileDue;
    private boolean running;
    private boolean stopped;
    private long retryMs = 1_000;
    private long completed;

    ObjectSyncWorker(String label, Runs runs, Executor executor, ScheduledExecutorService timer) {
        this.label = label;
        this.runs = runs;
        this.executor = executor;
        this.timer = timer;
        for (Side side : Side.values()) {
            pending.put(side, new HashSet<>());
        }
    }

    String label() {
        return label;
    }

    /** Queues ids of one side to be read by id; ignored once the worker is stopped. */
    synchronized void push(Side side, Collection<String> ids) {
        if (stopped || ids.isEmpty()) {
            return;
        }
        pending.get(side).addAll(ids);
        schedule();
    }

    /** Queues a feed run (start-up, poll, a notification listener that reconnected). */
    synchronized void poll() {
        if (stopped) {
            return;
        }
        feedDue = true;
        schedule();
    }

    /** Queues a reconciling run; it also serves a feed run that is due. */
    synchronized void reconcile() {
        if (stopped) {
            return;
        }
        reconcileDue = true;
        schedule();
    }

    /** Runs finished since start; for waiting on the start-up run. */
    synchronized long completed() {
        return completed;
    }

    /** Waits until no run is going and none is queued, at most {@code timeoutMs}; true when idle. */
    synchronized boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (running || (!stopped && hasWork())) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /**
     * Accepts no more work and waits for the run that is going, if any, to finish (it is never interrupted, so
     * its writes and checkpoint are stored). Work queued but not started is dropped: the next start reads the
     * change feeds from the checkpoints, which still hold it.
     */
    void stop() throws InterruptedException {
        synchronized (this) {
            stopped = true;
            while (running) {
                wait();
            }
        }
    }

    private boolean hasWork() {
        return feedDue || reconcileDue || !pending.get(Side.A).isEmpty() || !pending.get(Side.B).isEmpty();
    }

    private void schedule() {
        if (!running && hasWork()) {
            running = true;
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Map<Side, Set<String>> ids;
            Kind kind;
            synchronized (this) {
                if (stopped || !hasWork()) {
                    running = false;
                    notifyAll();
                    return;
                }
                if (!pending.get(Side.A).isEmpty() || !pending.get(Side.B).isEmpty()) {
                    ids = new EnumMap<>(Side.class);
                    for (Side side : Side.values()) {
                        ids.put(side, Set.copyOf(pending.get(side)));
                        pending.get(side).clear();
                    }
                    kind = Kind.PUSHED;
                } else {
                    ids = null;
                    kind = reconcileDue ? Kind.RECONCILING : Kind.FEED;
                    feedDue = false;
                    reconcileDue = false;
                }
            }
            try {
                RunReport report = runs.run(kind, ids);
                synchronized (this) {
                    retryMs = 1_000;
                    completed++;
                    notifyAll();
                }
                runs.finished(kind, report, null);
            } catch (RuntimeException e) {
                runs.finished(kind, null, e);
                retryLater(kind, ids);
                synchronized (this) {
                    completed++;
                    running = false;
                    notifyAll();
                }
                return;
            }
        }
    }

    /** Keeps the failed work and tries again after the back-off delay, unless a push or poll comes first. */
    private void retryLater(Kind kind, Map<Side, Set<String>> ids) {
        long delay;
        synchronized (this) {
            if (kind == Kind.RECONCILING) {
                reconcileDue = true;
            } else if (kind == Kind.FEED) {
                feedDue = true;
            } else {
                ids.forEach((side, set) -> pending.get(side).addAll(set));
            }
            delay = retryMs;
            retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
        }
        timer.schedule(() -> {
            synchronized (this) {
                if (!stopped) {
                    schedule();
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }
}
