package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorInfo;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.StateStore;
import io.crmsync.testkit.InMemoryConnector;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field case C-08 (read/write race): two runs of one object sync started at the same time, as two processes or two
 * webhook-triggered runs would, over a real state store (an H2 file, then an embedded PostgreSQL with one
 * connection pool per run, as two processes have). B's creates are slow: the second run reads B while the first
 * one is writing its new record there (its create intent stored, the link not yet). Without the run lease the
 * second run plans the same create again; with it, the second run waits, then finds the record linked: one contact
 * in each app and one link.
 */
class ConcurrentRunsTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    @DisplayName("C-08 two concurrent runs (H2 file): the second waits, one contact per app, one link")
    void concurrentRuns_h2File_secondRunWaitsForLease_noDuplicate() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        raceTwoRuns(() -> StateStore.open(url, null, null));
    }

    @Test
    @Timeout(120)
    @DisplayName("C-08 two concurrent runs (PostgreSQL, two pools): the second waits, one contact per app, one link")
    void concurrentRuns_postgresTwoPools_secondRunWaitsForLease_noDuplicate() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            raceTwoRuns(() -> StateStore.open(url, "postgres", null));
        }
    }

    private void raceTwoRuns(Supplier<StateStore> open) throws Exception {
        ObjectSchema schema = ObjectSchema.of("contacts", SyncFixture.contactProperties());
        // B does not enforce unique emails (a plain table): a second create there is a second contact.
        ObjectSchema schemaB = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("firstname", PropertyType.STRING), PropertyDef.of("lastname", PropertyType.STRING),
                PropertyDef.of("seats", PropertyType.NUMBER)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SyncFixture f = new SyncFixture(open.get(), schema, schemaB, s -> s);
             StateStore second = open.get()) {
            f.putA(Map.of("email", "river.chen@example.net", "firstname", "River"));
            RacingApp b = new RacingApp(f.b);
            CountDownLatch go = new CountDownLatch(1);
            Future<RunReport> r1 = pool.submit(() -> {
                go.await();
                return new ObjectSyncRunner(f.settings, f.a, b, f.store, f.options, null).run();
            });
            Future<RunReport> r2 = pool.submit(() -> {
                go.await();
                return new ObjectSyncRunner(f.settings, f.a, b, second, f.options, null).run();
            });
            go.countDown();
            RunReport first = r1.get(30, TimeUnit.SECONDS);
            RunReport other = r2.get(30, TimeUnit.SECONDS);

            assertThat(f.recordsA()).as("contacts in A").hasSize(1);
            assertThat(f.recordsB()).as("contacts in B").hasSize(1);
            long os = f.store.objectSyncId("a-b", "contacts", "contacts", "contacts");
            assertThat(f.store.runs().stateCounts(os)).as("links").isEqualTo(Map.of("SYNCING", Map.of("", 1)));
            assertThat(first.counts().createdB() + other.counts().createdB()).as("creates in B").isEqualTo(1);
            assertThat(first.counts().createdA() + other.counts().createdA()).as("creates in A").isZero();
            assertThat(first.failed()).isEmpty();
            assertThat(other.failed()).isEmpty();
            assertThat(f.store.leases().holder(os)).as("lease released").isEmpty();
            assertThat(f.run().counts().writes()).as("a third run").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * App B as two runs see it at once. A create is slow: it starts (the run has stored its create intent), waits
     * up to 1.5 s for another run to read B, and only then is applied. A second full or change read waits (up to
     * 1.5 s) until a create has started, so that it reads B while the first run is writing.
     */
    static final class RacingApp implements Connector {
        private final InMemoryConnector app;
        private final AtomicInteger reads = new AtomicInteger();
        private final CountDownLatch writing = new CountDownLatch(1);
        private final CountDownLatch secondRead = new CountDownLatch(1);

        RacingApp(InMemoryConnector app) {
            this.app = app;
        }

        @Override
        public RecordPage readAll(String objectType, String pageToken, int pageSize) {
            boolean second = pageToken == null && reads.incrementAndGet() > 1;
            if (second) {
                await(writing);
            }
            RecordPage page = app.readAll(objectType, pageToken, pageSize);
            if (second) {
                secondRead.countDown();
            }
            return page;
        }

        @Override
        public ChangePage readChanges(String objectType, Checkpoint since, String pageToken, int pageSize) {
            boolean second = pageToken == null && reads.incrementAndGet() > 1;
            if (second) {
                await(writing);
            }
            ChangePage page = app.readChanges(objectType, since, pageToken, pageSize);
            if (second) {
                secondRead.countDown();
            }
            return page;
        }

        @Override
        public List<WriteResult> write(String objectType, List<WriteOperation> operations) {
            if (operations.stream().anyMatch(op -> op.kind() == WriteOperation.Kind.CREATE)) {
                writing.countDown();
                await(secondRead);
            }
            return app.write(objectType, operations);
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(1500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public ConnectorInfo info() {
            return app.info();
        }

        @Override
        public void check() {
            app.check();
        }

        @Override
        public ObjectSchema schema(String objectType) {
            return app.schema(objectType);
        }

        @Override
        public Checkpoint checkpoint(String objectType) {
            return app.checkpoint(objectType);
        }

        @Override
        public List<Record> readByIds(String objectType, Collection<String> ids) {
            return app.readByIds(objectType, ids);
        }

        @Override
        public List<Record> findByIdentifier(String objectType, String property, Collection<String> values) {
            return new ArrayList<>(app.findByIdentifier(objectType, property, values));
        }

        @Override
        public void close() {
            app.close();
        }
    }
}
