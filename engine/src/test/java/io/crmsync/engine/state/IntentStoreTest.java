package io.crmsync.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.tuple;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.value.ValueCodec;
import io.crmsync.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creates in flight in their own table ({@link IntentStore}): what a chunk stores is read back as stored, counts
 * as PENDING in the status, and leaves with the commit of its own chunk only; a store written by an older
 * version, whose creates in flight are PENDING link rows, is migrated and still recovered.
 */
class IntentStoreTest {
    private static final PropertyDef NAME = PropertyDef.of("dealname", PropertyType.STRING);
    private static final PropertyDef SOURCE = PropertyDef.of("crmsync_id", PropertyType.STRING);
    @TempDir
    Path dir;
    private StateStore store;
    private long objectSync;

    @BeforeEach
    void open() {
        store = StateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), null, null);
        objectSync = store.objectSyncId("a-b", "deals", "deals", "deals");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void storedIntents_readBackAsStored_countAsPending_leaveWithTheirChunksCommitOnly() {
        store.links().commit(objectSync, null, List.of(new LinkWrite(null, List.of(), "a1", "b-gone", Base.EMPTY,
                RecordState.FAILED, "RECORD_DELETED", "deleted in b", 0, null, null, null)), List.of());
        long failedLink = store.links().inState(objectSync, RecordState.FAILED, null).get(0).id();
        CreateIntent retry = new CreateIntent(Side.B, "a1", failedLink, "crmsync_id=crmsync:a:a1");
        CreateIntent fresh = new CreateIntent(Side.A, "b7", null, null);
        CreateIntent later = new CreateIntent(Side.B, "a2", null, "crmsync_id=crmsync:a:a2");

        long first = store.intents().store(objectSync, List.of(retry, fresh));
        long second = store.intents().store(objectSync, List.of(later));

        assertThat(store.intents().all(objectSync)).containsExactlyInAnyOrder(retry, fresh, later);
        assertThat(store.runs().stateCounts(objectSync).get("PENDING")).containsEntry("", 3);
        assertThat(store.links().inState(objectSync, RecordState.FAILED, null)).extracting(Link::idB)
                .as("the link a create retries is left as it is while the create is in flight")
                .containsExactly("b-gone");

        store.links().commit(objectSync, 1L, List.of(), List.of(), first);
        assertThat(store.intents().all(objectSync)).containsExactly(later);
        store.links().commit(objectSync, 1L, List.of(), List.of(), second);
        assertThat(store.intents().all(objectSync)).isEmpty();
        assertThat(store.runs().stateCounts(objectSync)).doesNotContainKey("PENDING");
    }

    @Test
    void createsInFlight_listedAsPendingRecords_withTheSourceIdOnItsSide() {
        store.links().commit(objectSync, null, List.of(new LinkWrite(null, List.of(), "a9", "b9", Base.EMPTY,
                RecordState.SYNCING, null, null, 0, null, null, null)), List.of());
        store.intents().store(objectSync, List.of(new CreateIntent(Side.B, "a1", null, "crmsync_id=crmsync:a:a1"),
                new CreateIntent(Side.A, "b7", null, null)));

        List<RecordRow> pending = store.runs().records(objectSync, "PENDING", null, null, 100);

        assertThat(pending).extracting(RecordRow::idA, RecordRow::idB, RecordRow::state).containsExactlyInAnyOrder(
                tuple("a1", null, "PENDING"),
                tuple(null, "b7", "PENDING"));
        assertThat(store.runs().records(objectSync, null, null, null, 100)).hasSize(3);
        assertThat(store.runs().records(objectSync, null, null, null, 2)).as("the limit counts both kinds")
                .hasSize(2);
        assertThat(store.runs().records(objectSync, "SYNCING", null, null, 100)).extracting(RecordRow::idA)
                .containsExactly("a9");
    }

    @Test
    void chunkOfCreatesLeftInFlight_foundAgainWithBatchedLookups_linkedNotCreatedAgain() {
        ObjectSchema sa = ObjectSchema.of("deals", List.of(NAME));
        ObjectSchema sb = ObjectSchema.of("deals", List.of(NAME, SOURCE));
        InMemoryConnector a = new InMemoryConnector("a", List.of(sa));
        InMemoryConnector b = new InMemoryConnector("b", List.of(sb));
        // A crash after the chunk was written into b and before its commit: the deals are in b, their intents
        // stored, no link yet.
        List<CreateIntent> intents = new ArrayList<>();
        Map<String, String> writtenFor = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            String deal = a.put("deals", Map.of("dealname", "Deal " + i));
            writtenFor.put(deal, b.put("deals", Map.of("dealname", "Deal " + i, "crmsync_id", "crmsync:a:" + deal)));
            intents.add(new CreateIntent(Side.B, deal, null, "crmsync_id=crmsync:a:" + deal));
        }
        store.intents().store(objectSync, intents);
        b.resetCounters();

        new ObjectSyncRunner(dealSettings(sa, sb), a, b, store, RunOptions.defaults(), null).run();

        assertThat(b.records("deals")).hasSize(250);
        Map<String, Link> byA = store.links().all(objectSync).get(Side.A);
        writtenFor.forEach((deal, written) -> assertThat(byA.get(deal).idB()).as("deal " + deal).isEqualTo(written));
        assertThat(store.intents().all(objectSync)).isEmpty();
        assertThat(b.readCalls()).as("lookups of 100 values each, not one per create").isLessThan(20);
    }

    @Test
    void storeOfAnOlderVersion_pendingLinkRowMigrated_recreatedRecordFoundAndLinked_notCreatedAgain() throws Exception {
        ObjectSchema sa = ObjectSchema.of("deals", List.of(NAME));
        ObjectSchema sb = ObjectSchema.of("deals", List.of(NAME, SOURCE));
        InMemoryConnector a = new InMemoryConnector("a", List.of(sa));
        InMemoryConnector b = new InMemoryConnector("b", List.of(sb));
        String deal = a.put("deals", Map.of("dealname", "Big deal"));
        // What a crash between the app write and the link commit left in a store of schema version 3, before
        // create_intents existed: the deal written into b, and a PENDING link row naming its external id.
        String written = b.put("deals", Map.of("dealname", "Big deal", "crmsync_id", "crmsync:a:" + deal));
        String url = "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("3").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO object_syncs (sync_name, object_name, type_a, type_b, enabled, created_at)"
                    + " VALUES ('a-b', 'deals', 'deals', 'deals', TRUE, CURRENT_TIMESTAMP)");
            st.execute("INSERT INTO links (object_sync_id, id_a, state, message, attempts, intent_side, intent_key,"
                    + " created_at, updated_at) SELECT id, '" + deal + "', 'PENDING', 'create in b in flight', 0,"
                    + " 'B', 'crmsync_id=crmsync:a:" + deal + "', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
                    + " FROM object_syncs");
        }

        try (StateStore old = StateStore.open(url, null, null)) {
            long os = old.findObjectSyncId("a-b", "deals").orElseThrow();
            assertThat(old.intents().all(os)).as("the PENDING row became an intent")
                    .extracting(CreateIntent::target, CreateIntent::sourceId).containsExactly(tuple(Side.B, deal));
            new ObjectSyncRunner(dealSettings(sa, sb), a, b, old, RunOptions.defaults(), null).run();

            assertThat(b.records("deals")).containsOnlyKeys(written);
            assertThat(old.links().all(os).get(Side.A).get(deal)).satisfies(l -> {
                assertThat(l.state()).isEqualTo(RecordState.SYNCING);
                assertThat(l.idB()).isEqualTo(written);
            });
            assertThat(old.intents().all(os)).isEmpty();
        }
    }

    /** Deals a → b by name, the source's key in b's {@code crmsync_id}. */
    private static ObjectSyncSettings dealSettings(ObjectSchema sa, ObjectSchema sb) {
        return new ObjectSyncSettings("a-b", "deals", "a", "b", sa, sb, Direction.TWO_WAY, Side.A, false, List.of(),
                Filter.NONE, Filter.NONE, false, Map.of(Side.A, DeletePolicy.KEEP, Side.B, DeletePolicy.KEEP),
                List.of(new FieldMapping(NAME, NAME, Direction.TWO_WAY, true, null)), false, ValueCodec.utc(),
                Set.of(), Map.of(Side.B, "crmsync_id"));
    }
}
