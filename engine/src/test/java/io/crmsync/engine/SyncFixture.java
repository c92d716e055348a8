package io.crmsync.engine;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.ValueCodec;
import io.crmsync.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Two in-memory apps "a" and "b" with a contacts object sync between them, and a real H2 state store. */
public final class SyncFixture implements AutoCloseable {
    public static final String CONTACTS = "contacts";

    public final InMemoryConnector a;
    public final InMemoryConnector b;
    public final StateStore store;
    public ObjectSyncSettings settings;
    public RunOptions options = RunOptions.defaults().withBackoff(1, 5);

    public SyncFixture(Path dir, List<PropertyDef> props, UnaryOperator<ObjectSyncSettings> customise) {
        ObjectSchema schema = ObjectSchema.of(CONTACTS, props);
        a = new InMemoryConnector("a", List.of(schema));
        b = new InMemoryConnector("b", List.of(schema));
        store = StateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), null, null);
        settings = customise.apply(contacts(schema, Direction.TWO_WAY, Side.A));
    }

    public static List<PropertyDef> contactProperties() {
        return List.of(PropertyDef.of("email", PropertyType.STRING).withUnique(true),
                PropertyDef.of("firstname", PropertyType.STRING), PropertyDef.of("lastname", PropertyType.STRING),
                PropertyDef.of("seats", PropertyType.NUMBER));
    }

    /** Settings like the binder makes for contacts: match by email, only contacts with an email, all mapped. */
    public static ObjectSyncSettings contacts(ObjectSchema schema, Direction direction, Side defaultApp) {
        List<FieldMapping> mappings = new ArrayList<>();
        for (PropertyDef d : schema.properties().values()) {
            mappings.add(new FieldMapping(d, d, direction, true, d.name().equals("email") ? KeyKind.EMAIL : null));
        }
        return new ObjectSyncSettings("a-b", CONTACTS, "a", "b", schema, schema, direction, defaultApp, true,
                List.of(new MatchStage("email", "email", KeyKind.EMAIL)), Filter.NONE, Filter.NONE, false,
                Map.of(Side.A, DeletePolicy.KEEP, Side.B, DeletePolicy.KEEP), mappings, false, ValueCodec.utc(),
                Set.of("gmail.com", "webmail.example"));
    }

    public static ObjectSyncSettings with(ObjectSyncSettings s, Direction direction, Side defaultApp) {
        List<FieldMapping> mappings = s.mappings().stream()
                .map(m -> new FieldMapping(m.defA(), m.defB(), direction, m.enabled(), m.key())).toList();
        return new ObjectSyncSettings(s.sync(), s.object(), s.appA(), s.appB(), s.schemaA(), s.schemaB(), direction,
                defaultApp, s.requireKey(), s.match(), s.filterA(), s.filterB(), s.continuousFilter(), s.deletes(),
                mappings, s.enforce(), s.codec(), s.freeMailDomains());
    }

    public RunReport run() {
        return new ObjectSyncRunner(settings, a, b, store, options, null).run();
    }

    public RunReport plan() {
        return new ObjectSyncRunner(settings, a, b, store, options.withDryRun(true), null).run();
    }

    public Map<String, Record> recordsA() {
        return a.records(CONTACTS);
    }

    public Map<String, Record> recordsB() {
        return b.records(CONTACTS);
    }

    @Override
    public void close() {
        store.close();
    }
}
