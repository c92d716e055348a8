package io.crmsync.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.api.Checkpoint;
import io.crmsync.engine.SyncFixture;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.state.LeaseStore;
import io.crmsync.engine.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The run lease of an object sync (table run_leases) on a real H2 file: waiting, failing, taking over, losing it. */
class RunLeaseTest {
    private static final String OTHER = "otherhost/4242/1700000000000/abcd1234";
    @TempDir
    Path dir;

    private SyncFixture fixture() {
        return new SyncFixture(dir, SyncFixture.contactProperties(), s -> s);
    }

    private static long os(SyncFixture f) {
        return f.store.objectSyncId("a-b", "contacts", "contacts", "contacts");
    }

    @Test
    void leaseHeldByAnotherProcess_runWaitsThenFailsNamingObjectSyncAndHolder() {
        try (SyncFixture f = fixture()) {
            f.putA(Map.of("email", "river.chen@example.net"));
            assertThat(f.store.leases().tryAcquire(os(f), OTHER, 60_000, null)).isEmpty();
            f.options = f.options.withLease(300, 30_000);
            long start = System.nanoTime();
            assertThatThrownBy(f::run).isInstanceOf(ObjectSyncBusyException.class)
                    .hasMessageContaining("object sync a-b/contacts is already being run by process 4242 on host "
                            + "otherhost")
                    .hasMessageContaining("waited 0.3 s");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
            assertThat(f.recordsB()).as("nothing written while busy").isEmpty();
            assertThat(f.store.leases().holder(os(f)).orElseThrow().holder()).isEqualTo(OTHER);
            // A dry run (plan) writes nothing and takes no lease.
            assertThat(f.plan().counts().createdB()).isEqualTo(1);
        }
    }

    @Test
    void leaseReleasedWhileWaiting_runStartsThen() throws Exception {
        try (SyncFixture f = fixture()) {
            f.putA(Map.of("email", "river.chen@example.net"));
            long os = os(f);
            f.store.leases().tryAcquire(os, OTHER, 60_000, null);
            f.options = f.options.withLease(20_000, 30_000);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> run = pool.submit(f::run);
                Thread.sleep(400);
                assertThat(run.isDone()).as("waits while the lease is held").isFalse();
                f.store.leases().release(os, OTHER);
                run.get(20, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.store.leases().holder(os)).as("released at the end").isEmpty();
        }
    }

    @Test
    void expiredLeaseOfCrashedProcess_isTakenOver() throws Exception {
        try (SyncFixture f = fixture()) {
            f.putA(Map.of("email", "river.chen@example.net"));
            f.store.leases().tryAcquire(os(f), OTHER, 1_000, null);
            Thread.sleep(1_100);
            f.options = f.options.withLease(0, 30_000);
            f.run();
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.store.leases().holder(os(f))).isEmpty();
        }
    }

    @Test
    void unexpiredLeaseOfExitedProcessOnThisHost_isTakenOverAtOnce() throws Exception {
        Process p = new ProcessBuilder("java", "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long pid = p.pid();
        long started = p.info().startInstant().map(Instant::toEpochMilli).orElse(1L);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String dead = RunLease.HOST + "/" + pid + "/" + started + "/dead0001";
        assertThat(RunLease.deadHere(dead)).isTrue();
        try (SyncFixture f = fixture()) {
            f.putA(Map.of("email", "river.chen@example.net"));
            f.store.leases().tryAcquire(os(f), dead, 600_000, null);
            f.options = f.options.withLease(0, 30_000);
            f.run();
            assertThat(f.recordsB()).hasSize(1);
        }
        // Another run of this live process is never taken for dead.
        assertThat(RunLease.deadHere(RunLease.HOST + "/" + ProcessHandle.current().pid() + "/"
                + ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "/x"))
                .isFalse();
        assertThat(RunLease.deadHere(OTHER)).as("other hosts: only expiry tells").isFalse();
    }

    @Test
    void runLongerThanTheLeaseLifetime_keepsItsLeaseByRenewing_othersCannotTakeIt() throws Exception {
        try (SyncFixture f = fixture()) {
            f.putA(Map.of("email", "river.chen@example.net"));
            long os = os(f);
            f.options = f.options.withLease(0, 1_000);
            CountDownLatch writing = new CountDownLatch(1);
            f.b.setWriteHook(ops -> {
                writing.countDown();
                try {
                    Thread.sleep(2_500); // two and a half lease lifetimes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> run = pool.submit(f::run);
                assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(1_500);
                // Past the first lifetime: still held (renewed), so neither a take-over nor a second run gets in.
                assertThat(f.store.leases().tryAcquire(os, OTHER, 60_000, null)).isPresent();
                assertThatThrownBy(f::run).isInstanceOf(ObjectSyncBusyException.class);
                run.get(20, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.store.leases().holder(os)).isEmpty();
        }
    }

    @Test
    void leaseLostMidRun_runStopsBeforeCheckpoint() {
        try (SyncFixture f = fixture()) {
            f.putA(Map.of("email", "river.chen@example.net"));
            long os = os(f);
            // While the run writes B, another process takes the lease over (as if this run had stalled).
            f.b.setWriteHook(ops -> {
                Optional<LeaseStore.Holder> mine = f.store.leases().holder(os);
                assertThat(f.store.leases().tryAcquire(os, OTHER, 60_000, mine.orElseThrow().holder())).isEmpty();
            });
            assertThatThrownBy(f::run).isInstanceOf(ObjectSyncBusyException.class)
                    .hasMessageContaining("a-b/contacts lost its run lease")
                    .hasMessageContaining("process 4242 on host otherhost");
            assertThat(f.store.checkpoint(os, Side.A)).as("no checkpoint after a lost lease").isEmpty();
            assertThat(f.store.leases().holder(os).orElseThrow().holder()).as("the new holder keeps it")
                    .isEqualTo(OTHER);
        }
    }

    @Test
    void manyContenders_twoStores_exactlyOneHoldsTheLease() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        try (StateStore s1 = StateStore.open(url, null, null); StateStore s2 = StateStore.open(url, null, null)) {
            long os = s1.objectSyncId("a-b", "contacts", "contacts", "contacts");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                StateStore s = i % 2 == 0 ? s1 : s2;
                String me = "host/" + i + "/0/x";
                tries.add(pool.submit(() -> {
                    go.await();
                    return s.leases().tryAcquire(os, me, 60_000, null).isEmpty();
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> t : tries) {
                winners += t.get(20, TimeUnit.SECONDS) ? 1 : 0;
            }
            pool.shutdownNow();
            assertThat(winners).isEqualTo(1);
            String holder = s2.leases().holder(os).orElseThrow().holder();
            assertThat(s1.leases().renew(os, holder, 60_000)).isTrue();
            assertThat(s1.leases().renew(os, "host/99/0/x", 60_000)).isFalse();
        }
    }

    @Test
    void firstRunsOfTwoStoresAtOnce_registerOneObjectSync() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        try (StateStore s1 = StateStore.open(url, null, null); StateStore s2 = StateStore.open(url, null, null)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                StateStore s = i % 2 == 0 ? s1 : s2;
                ids.add(pool.submit(() -> {
                    go.await();
                    return s.objectSyncId("x-y", "contacts", "contacts", "contacts");
                }));
            }
            go.countDown();
            List<Long> got = new ArrayList<>();
            for (Future<Long> f : ids) {
                got.add(f.get(20, TimeUnit.SECONDS));
            }
            pool.shutdownNow();
            assertThat(got).containsOnly(got.get(0));
            s1.saveCheckpoint(got.get(0), Side.A, new Checkpoint("x"));
        }
    }

    @Test
    @Timeout(30)
    void leaseOptions_rejectNonsense() {
        assertThatThrownBy(() -> RunOptions.defaults().withLease(-1, 30_000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunOptions.defaults().withLease(0, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RunOptions.defaults().leaseWaitMs()).isEqualTo(RunOptions.DEFAULT_LEASE_WAIT_MS);
    }
}
