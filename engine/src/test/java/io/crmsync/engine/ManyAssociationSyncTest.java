package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-valued associations (DESIGN.md §2.6): a deal's contacts are a set of ids in each app, compared as the
 * set of their contacts' links and translated id by id; a deal's single company may be paired with a set.
 */
class ManyAssociationSyncTest {
    private static final PropertyDef EMAIL = PropertyDef.of("email", PropertyType.STRING);
    private static final PropertyDef NAME = PropertyDef.of("name", PropertyType.STRING);
    private static final PropertyDef CONTACTS_OF_DEAL = PropertyDef.associations("contacts");
    private static final ObjectSchema CONTACTS = ObjectSchema.of("contacts", List.of(EMAIL));
    private static final ObjectSchema DEALS = ObjectSchema.of("deals", List.of(NAME, CONTACTS_OF_DEAL));

    @TempDir
    Path dir;
    StateStore store;
    InMemoryConnector a;
    InMemoryConnector b;

    @BeforeEach
    void open() {
        store = StateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), null, null);
        a = new InMemoryConnector("a", List.of(CONTACTS, DEALS));
        b = new InMemoryConnector("b", List.of(CONTACTS, DEALS));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ObjectSyncSettings settings(String object, ObjectSchema schemaA, ObjectSchema schemaB,
                                               List<FieldMapping> mappings, List<MatchStage> match) {
        return SyncFixture.twoWay(object, schemaA, schemaB, mappings, match);
    }

    private RunReport run(ObjectSyncSettings s) {
        return new ObjectSyncRunner(s, a, b, store, RunOptions.defaults().withBackoff(1, 5), null).run();
    }

    private RunReport runContacts() {
        return run(settings("contacts", CONTACTS, CONTACTS,
                List.of(new FieldMapping(EMAIL, EMAIL, Direction.TWO_WAY, true, KeyKind.EMAIL)),
                List.of(new MatchStage("email", "email", KeyKind.EMAIL))));
    }

    /** Deals have no identifier: they are created, then follow their links. */
    private RunReport runDeals(PropertyDef assocA, PropertyDef assocB) {
        ObjectSchema schemaA = ObjectSchema.of("deals", List.of(NAME, assocA));
        ObjectSchema schemaB = ObjectSchema.of("deals", List.of(NAME, assocB));
        return run(settings("deals", schemaA, schemaB, List.of(
                new FieldMapping(NAME, NAME, Direction.TWO_WAY, true, null),
                new FieldMapping(assocA, assocB, Direction.TWO_WAY, true, null, "contacts")), List.of()));
    }

    private RunReport runDeals() {
        return runDeals(CONTACTS_OF_DEAL, CONTACTS_OF_DEAL);
    }

    private static String idOf(InMemoryConnector app, String type, String property, String value) {
        return app.records(type).values().stream().filter(r -> value.equals(r.get(property))).findFirst()
                .orElseThrow().id();
    }

    private static Record deal(InMemoryConnector app, String name) {
        return app.records("deals").values().stream().filter(r -> name.equals(r.get("name"))).findFirst()
                .orElseThrow();
    }

    /** The ids of a deal's associated contacts in {@code app}. */
    private static Set<String> contactsOf(InMemoryConnector app, String deal, String property) {
        return Set.copyOf(CONTACTS_OF_DEAL.split(deal(app, deal).get(property)));
    }

    private long osId(String object) {
        return store.findObjectSyncId("a-b", object).orElseThrow();
    }

    @Test
    void dealContacts_initialSync_eachIdTranslated_thenReorderedInA_noWrite() {
        String annA = a.put("contacts", Map.of("email", "ann@x.example"));
        String bobA = a.put("contacts", Map.of("email", "bob@x.example"));
        String annB = b.put("contacts", Map.of("email", "ann@x.example"));
        a.put("deals", Map.of("name", "Big", "@contacts", annA + ";" + bobA));

        runContacts();
        RunReport first = runDeals();

        String bobB = idOf(b, "contacts", "email", "bob@x.example");
        assertThat(first.counts().createdB()).isEqualTo(1);
        assertThat(contactsOf(b, "Big", "@contacts")).containsExactlyInAnyOrder(annB, bobB);

        // Same set, other order and spacing: no change.
        a.edit("deals", deal(a, "Big").id(), "@contacts", bobA + " ; " + annA);
        runContacts();
        assertThat(runDeals().counts().writes()).isZero();
        assertThat(runDeals().counts().writes()).isZero();
    }

    @Test
    void dealContacts_contactAddedInB_thenOneRemovedInA_eachChangeWrittenIntoTheOtherApp() {
        String annA = a.put("contacts", Map.of("email", "ann@x.example"));
        String bobA = a.put("contacts", Map.of("email", "bob@x.example"));
        String cyA = a.put("contacts", Map.of("email", "cy@x.example"));
        a.put("deals", Map.of("name", "Big", "@contacts", annA + ";" + bobA));
        runContacts();
        runDeals();
        String annB = idOf(b, "contacts", "email", "ann@x.example");
        String bobB = idOf(b, "contacts", "email", "bob@x.example");
        String cyB = idOf(b, "contacts", "email", "cy@x.example");
        Record dealB = deal(b, "Big");

        b.edit("deals", dealB.id(), "@contacts", dealB.get("@contacts") + ";" + cyB);
        RunReport added = runDeals();

        assertThat(added.counts().updatedA()).isEqualTo(1);
        assertThat(contactsOf(a, "Big", "@contacts")).containsExactlyInAnyOrder(annA, bobA, cyA);

        a.edit("deals", deal(a, "Big").id(), "@contacts", annA + ";" + cyA);
        RunReport removed = runDeals();

        assertThat(removed.counts().updatedB()).isEqualTo(1);
        assertThat(contactsOf(b, "Big", "@contacts")).containsExactlyInAnyOrder(annB, cyB).doesNotContain(bobB);
        assertThat(runDeals().counts().writes()).isZero();
    }

    @Test
    void dealContacts_oneContactNotLinked_failsAssociationRestWritten_thenWrittenOnceTheContactIsLinked() {
        String annA = a.put("contacts", Map.of("email", "ann@x.example"));
        String dealA = a.put("deals", Map.of("name", "Big", "@contacts", annA));
        runContacts();
        runDeals();
        String annB = idOf(b, "contacts", "email", "ann@x.example");
        // Dan is new in A and his contacts object sync has not run yet.
        String danA = a.put("contacts", Map.of("email", "dan@x.example"));
        a.edit("deals", dealA, "@contacts", annA + ";" + danA);
        a.edit("deals", dealA, "name", "Bigger");

        RunReport failed = runDeals();

        assertThat(failed.counts().updatedB()).isEqualTo(1);
        assertThat(deal(b, "Bigger").get("@contacts")).isEqualTo(annB);
        assertThat(store.runs().records(osId("deals"), "FAILED", null, null, 10)).singleElement()
                .satisfies((RecordRow r) -> {
                    assertThat(r.reason()).isEqualTo("ASSOCIATION");
                    assertThat(r.message()).contains("contacts record " + danA + " in a is not linked");
                });
        // Retried on a run with no change: still failing, nothing written.
        assertThat(runDeals().counts().writes()).isZero();
        assertThat(store.runs().records(osId("deals"), "FAILED", null, null, 10)).hasSize(1);

        runContacts();
        RunReport resolved = runDeals();

        String danB = idOf(b, "contacts", "email", "dan@x.example");
        assertThat(resolved.counts().updatedB()).isEqualTo(1);
        assertThat(contactsOf(b, "Bigger", "@contacts")).containsExactlyInAnyOrder(annB, danB);
        assertThat(store.runs().records(osId("deals"), "FAILED", null, null, 10)).isEmpty();
        assertThat(runDeals().counts().writes()).isZero();
    }

    @Test
    void singleContactInA_setInB_setOfOneEqualsTheSingleValue_severalIntoTheSingleFailsInvalidValue() {
        PropertyDef single = PropertyDef.association("contacts");
        String annA = a.put("contacts", Map.of("email", "ann@x.example"));
        a.put("contacts", Map.of("email", "bob@x.example"));
        a.put("deals", Map.of("name", "Big", "@contacts", annA));
        runContacts();

        runDeals(single, CONTACTS_OF_DEAL);

        String annB = idOf(b, "contacts", "email", "ann@x.example");
        String bobB = idOf(b, "contacts", "email", "bob@x.example");
        assertThat(deal(b, "Big").get("@contacts")).isEqualTo(annB);
        assertThat(runDeals(single, CONTACTS_OF_DEAL).counts().writes()).isZero();

        String dealB = deal(b, "Big").id();
        b.edit("deals", dealB, "@contacts", annB + ";" + bobB);
        b.edit("deals", dealB, "name", "Bigger");
        RunReport several = runDeals(single, CONTACTS_OF_DEAL);

        assertThat(deal(a, "Bigger").get("@contacts")).isEqualTo(annA);
        assertThat(store.runs().records(osId("deals"), "FAILED", null, null, 10)).singleElement()
                .satisfies((RecordRow r) -> {
                    assertThat(r.reason()).isEqualTo("INVALID_VALUE");
                    assertThat(r.message()).contains("holds 2 associated contacts records").contains("one only");
                });
        assertThat(several.counts().updatedA()).isEqualTo(1);

        b.edit("deals", dealB, "@contacts", bobB);
        runDeals(single, CONTACTS_OF_DEAL);

        assertThat(deal(a, "Bigger").get("@contacts")).isEqualTo(idOf(a, "contacts", "email", "bob@x.example"));
        assertThat(store.runs().records(osId("deals"), "FAILED", null, null, 10)).isEmpty();
    }
}
