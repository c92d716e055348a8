package io.crmsync.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.model.Side;
import io.crmsync.engine.run.RunReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker alone, with a stand-in for the runs: one run at a time, coalescing, reconciling, retries, stop. */
class ObjectSyncWorkerTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Map<Side, Set<String>>> runs = new CopyOnWriteArrayList<>();
    private final List<ObjectSyncWorker.Kind> kinds = new CopyOnWriteArrayList<>();
    private final AtomicInteger inRun = new AtomicInteger();
    private final AtomicInteger mostInRun = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private ObjectSyncWorker worker(CountDownLatch gate, AtomicInteger failuresLeft) {
        return new ObjectSyncWorker("s/contacts", new ObjectSyncWorker.Runs() {
            @Override
            public RunReport run(ObjectSyncWorker.Kind kind, Map<Side, Set<String>> pushed) {
                mostInRun.accumulateAndGet(inRun.incrementAndGet(), Math::max);
                try {
                    gate.await(10, TimeUnit.SECONDS);
                    if (failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("app down");
                    }
                    runs.add(pushed == null ? Map.of() : pushed);
                    kinds.add(kind);
                    return null;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    inRun.decrementAndGet();
                }
            }

            @Override
            public void finished(ObjectSyncWorker.Kind kind, RunReport report, RuntimeException error) {
            }
        }, executor, timer);
    }

    @Test
    @Timeout(30)
    void pushesDuringARun_coalesceIntoOneNextRun_neverTwoRunsAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ObjectSyncWorker w = worker(gate, new AtomicInteger());
        w.push(Side.A, List.of("1"));
        Thread.sleep(100); // the first run is now waiting at the gate
        w.push(Side.B, List.of("x"));
        w.push(Side.A, List.of("2", "3"));
        w.push(Side.A, List.of("2"));
        gate.countDown();

        assertThat(w.awaitIdle(10_000)).isTrue();
        assertThat(runs).containsExactly(Map.of(Side.A, Set.of("1"), Side.B, Set.of()),
                Map.of(Side.A, Set.of("2", "3"), Side.B, Set.of("x")));
        assertThat(mostInRun.get()).isEqualTo(1);
    }

    @Test
    @Timeout(30)
    void reconcileAndPollDuringARun_oneReconcilingRunAfterIt_neverTwoRunsAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ObjectSyncWorker w = worker(gate, new AtomicInteger());
        w.push(Side.B, List.of("9"));
        Thread.sleep(100); // the pushed run is now waiting at the gate
        w.poll();
        w.reconcile();
        w.poll();
        gate.countDown();

        assertThat(w.awaitIdle(10_000)).isTrue();
        assertThat(kinds).containsExactly(ObjectSyncWorker.Kind.PUSHED, ObjectSyncWorker.Kind.RECONCILING);
        assertThat(mostInRun.get()).isEqualTo(1);
    }

    @Test
    @Timeout(30)
    void failedReconcilingRun_isRetriedAsAReconcilingRun() throws Exception {
        ObjectSyncWorker w = worker(new CountDownLatch(0), new AtomicInteger(1));
        w.reconcile();

        long end = System.currentTimeMillis() + 10_000;
        while (kinds.isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(kinds).containsExactly(ObjectSyncWorker.Kind.RECONCILING);
    }

    @Test
    @Timeout(30)
    void failedRun_isRetriedWithItsIds() throws Exception {
        ObjectSyncWorker w = worker(new CountDownLatch(0), new AtomicInteger(1));
        w.push(Side.A, List.of("7"));

        long end = System.currentTimeMillis() + 10_000;
        while (runs.isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(runs).containsExactly(Map.of(Side.A, Set.of("7"), Side.B, Set.of()));
    }

    @Test
    @Timeout(30)
    void stop_waitsForTheRunningRun_thenAcceptsNothing() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        ObjectSyncWorker w = worker(gate, new AtomicInteger());
        w.poll();
        Thread.sleep(100);
        w.push(Side.A, List.of("queued"));
        Thread stopper = new Thread(() -> {
            try {
                w.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        Thread.sleep(100);
        assertThat(stopper.isAlive()).as("stop waits for the run").isTrue();
        gate.countDown();
        stopper.join(10_000);

        assertThat(runs).as("the running feed run finished; the queued push was dropped").containsExactly(Map.of());
        w.push(Side.A, List.of("late"));
        Thread.sleep(100);
        assertThat(runs).hasSize(1);
    }
}
