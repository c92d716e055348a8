package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.ValueCodec;
import io.crmsync.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object types without an identifier (deals) are always created, never matched; an external-id property keeps
 * the create idempotent across a crash between the app write and the link commit.
 */
class ExternalIdTest {
    private static final PropertyDef NAME = PropertyDef.of("dealname", PropertyType.STRING);
    private static final PropertyDef AMOUNT = PropertyDef.of("amount", PropertyType.NUMBER);
    private static final PropertyDef SOURCE = PropertyDef.of("crmsync_id", PropertyType.STRING);

    @TempDir
    Path dir;

    private static ObjectSyncSettings deals(ObjectSchema a, ObjectSchema b, Map<Side, String> externalIds) {
        return new ObjectSyncSettings("a-b", "deals", "a", "b", a, b, Direction.TWO_WAY, Side.A, false, List.of(),
                Filter.NONE, Filter.NONE, false, Map.of(Side.A, DeletePolicy.KEEP, Side.B, DeletePolicy.KEEP),
                List.of(new FieldMapping(NAME, NAME, Direction.TWO_WAY, true, null),
                        new FieldMapping(AMOUNT, AMOUNT, Direction.TWO_WAY, true, null)), false, ValueCodec.utc(),
                Set.of(), externalIds);
    }

    private static int crashAfterWriteThenRerun(StateStore store, ObjectSyncSettings s, InMemoryConnector a,
                                                InMemoryConnector b) {
        RunOptions options = RunOptions.defaults().withBackoff(1, 5);
        b.setWriteHook(ops -> {
            throw new IllegalStateException("simulated crash after the app write");
        });
        try {
            new ObjectSyncRunner(s, a, b, store, options, null).run();
        } catch (IllegalStateException expected) {
            // the process "died" after the deal was written, before its link was committed
        }
        b.setWriteHook(null);
        RunReport rerun = new ObjectSyncRunner(s, a, b, store, options, null).run();
        assertThat(rerun.counts().failed()).isZero();
        return b.records("deals").size();
    }

    @Test
    void dealCreateInterruptedAfterTheAppWrite_withExternalId_isLinkedNotCreatedAgain() {
        ObjectSchema sa = ObjectSchema.of("deals", List.of(NAME, AMOUNT));
        ObjectSchema sb = ObjectSchema.of("deals", List.of(NAME, AMOUNT, SOURCE));
        InMemoryConnector a = new InMemoryConnector("a", List.of(sa));
        InMemoryConnector b = new InMemoryConnector("b", List.of(sb));
        String deal = a.put("deals", Map.of("dealname", "Big deal", "amount", "1200"));
        try (StateStore store = StateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), null,
                null)) {
            int deals = crashAfterWriteThenRerun(store, deals(sa, sb, Map.of(Side.B, "crmsync_id")), a, b);

            assertThat(deals).isEqualTo(1);
            Record created = b.records("deals").values().iterator().next();
            assertThat(created.get("crmsync_id")).isEqualTo("crmsync:a:" + deal);
            assertThat(new ObjectSyncRunner(deals(sa, sb, Map.of(Side.B, "crmsync_id")), a, b, store,
                    RunOptions.defaults(), null).run().counts().writes()).isZero();
        }
    }

    @Test
    void dealCreateInterruptedAfterTheAppWrite_withoutExternalId_isCreatedTwice_whichTheExternalIdPrevents() {
        ObjectSchema schema = ObjectSchema.of("deals", List.of(NAME, AMOUNT));
        InMemoryConnector a = new InMemoryConnector("a", List.of(schema));
        InMemoryConnector b = new InMemoryConnector("b", List.of(schema));
        a.put("deals", Map.of("dealname", "Big deal", "amount", "1200"));
        try (StateStore store = StateStore.open("jdbc:h2:file:" + dir.resolve("plain").toAbsolutePath(), null,
                null)) {
            assertThat(crashAfterWriteThenRerun(store, deals(schema, schema, Map.of()), a, b)).isEqualTo(2);
        }
    }
}
