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
        this(dir, ObjectSchema.of(CONTACTS, props), ObjectSchema.of(CONTACTS, props), customise);
    }

    /** Two apps with their own schemas; mappings pair properties of the same name. */
    public SyncFixture(Path dir, ObjectSchema schemaA, ObjectSchema schemaB, UnaryOperator<ObjectSyncSettings> customise) {
        this(StateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), null, null), schemaA, schemaB,
                customise);
    }

    /** Two apps over a given state store (H2 or PostgreSQL). */
    public SyncFixture(StateStore store, ObjectSchema schemaA, ObjectSchema schemaB,
                       UnaryOperator<ObjectSyncSettings> customise) {
        a = new InMemoryConnector("a", List.of(schemaA));
        b = new InMemoryConnector("b", List.of(schemaB));
        this.store = store;
        ObjectSyncSettings s = contacts(schemaA, Direction.TWO_WAY, Side.A);
        List<FieldMapping> mappings = new ArrayList<>();
        for (PropertyDef d : schemaA.properties().values()) {
            schemaB.property(d.name()).ifPresent(e -> mappings.add(new FieldMapping(d, e, Direction.TWO_WAY, true,
                    d.name().equals("email") ? KeyKind.EMAIL : d.name().equals("domain") ? KeyKind.DOMAIN : null)));
        }
        settings = customise.apply(new ObjectSyncSettings(s.sync(), schemaA.objectType(), "a", "b", schemaA, schemaB,
                Direction.TWO_WAY, Side.A, true, s.match(), Filter.NONE, Filter.NONE, false, s.deletes(), mappings,
                false, s.codec(), s.freeMailDomains()));
    }

    /**
     * Settings of a two-way object sync "a-b" between apps "a" and "b" with {@code a} the default app: records
     * without a key are excluded, deletes are kept, UTC codec, no entry filters and no free-mail domains.
     */
    public static ObjectSyncSettings twoWay(String object, ObjectSchema schemaA, ObjectSchema schemaB,
                                            List<FieldMapping> mappings, List<MatchStage> match) {
        return new ObjectSyncSettings("a-b", object, "a", "b", schemaA, schemaB, Direction.TWO_WAY, Side.A, true,
                match, Filter.NONE, Filter.NONE, false, Map.of(Side.A, DeletePolicy.KEEP, Side.B, DeletePolicy.KEEP),
                mappings, false, ValueCodec.utc(), Set.of());
    }

    // The copies below keep every other setting (external ids, company from domain, required properties), so
    // that they can be applied in any order.

    /** A copy of settings with other match stages and key requirement. */
    public static ObjectSyncSettings withMatch(ObjectSyncSettings s, List<MatchStage> match, boolean requireKey) {
        return new ObjectSyncSettings(s.sync(), s.object(), s.appA(), s.appB(), s.schemaA(), s.schemaB(),
                s.direction(), s.defaultApp(), requireKey, match, s.filterA(), s.filterB(), s.continuousFilter(),
                s.deletes(), s.mappings(), s.enforce(), s.codec(), s.freeMailDomains(),
                s.externalIds(), s.companyFromDomain(), s.required());
    }

    /** A copy of settings with entry filters. */
    public static ObjectSyncSettings withFilters(ObjectSyncSettings s, Filter filterA, Filter filterB) {
        return new ObjectSyncSettings(s.sync(), s.object(), s.appA(), s.appB(), s.schemaA(), s.schemaB(),
                s.direction(), s.defaultApp(), s.requireKey(), s.match(), filterA, filterB, s.continuousFilter(),
                s.deletes(), s.mappings(), s.enforce(), s.codec(), s.freeMailDomains(),
                s.externalIds(), s.companyFromDomain(), s.required());
    }

    /** A copy of settings with another codec. */
    public static ObjectSyncSettings withCodec(ObjectSyncSettings s, ValueCodec codec) {
        return new ObjectSyncSettings(s.sync(), s.object(), s.appA(), s.appB(), s.schemaA(), s.schemaB(),
                s.direction(), s.defaultApp(), s.requireKey(), s.match(), s.filterA(), s.filterB(),
                s.continuousFilter(), s.deletes(), s.mappings(), s.enforce(), codec, s.freeMailDomains(),
                s.externalIds(), s.companyFromDomain(), s.required());
    }

    public String type() {
        return settings.schemaA().objectType();
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
                mappings, s.enforce(), s.codec(), s.freeMailDomains(),
                s.externalIds(), s.companyFromDomain(), s.required());
    }

    public RunReport run() {
        return new ObjectSyncRunner(settings, a, b, store, options, null).run();
    }

    public RunReport plan() {
        return new ObjectSyncRunner(settings, a, b, store, options.withDryRun(true), null).run();
    }

    public Map<String, Record> recordsA() {
        return a.records(settings.schemaA().objectType());
    }

    public Map<String, Record> recordsB() {
        return b.records(settings.schemaB().objectType());
    }

    /** Creates a record in app A, as a user would. */
    public String putA(Map<String, String> props) {
        return a.put(settings.schemaA().objectType(), props);
    }

    /** Creates a record in app B, as a user would. */
    public String putB(Map<String, String> props) {
        return b.put(settings.schemaB().objectType(), props);
    }

    /** The one record of B whose property has the value. */
    public Record findB(String property, String value) {
        return recordsB().values().stream().filter(r -> value.equals(r.get(property))).findFirst().orElse(null);
    }

    /** The one record of A whose property has the value. */
    public Record findA(String property, String value) {
        return recordsA().values().stream().filter(r -> value.equals(r.get(property))).findFirst().orElse(null);
    }

    @Override
    public void close() {
        store.close();
    }
}
