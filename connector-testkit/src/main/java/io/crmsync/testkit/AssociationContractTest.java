package io.crmsync.testkit;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract of a connector that reports a multi-valued association property ({@link PropertyDef#associations},
 * DESIGN.md §2.6): the property {@code @<associated type>} holds the ids of every associated record, joined with
 * its delimiter, in any order. Every read (full, by id, change) returns the record's full current set, so an
 * absent value means "none"; a write makes the set exactly the value written; an association-only change, by
 * the connector or directly in the app, is returned by the change feed. A write naming an associated record the
 * app does not have fails {@code ASSOCIATION} naming the property and leaves the set as it was (a set is written
 * whole or not at all), in apps that check associated records ({@link AssociationFixture#missingAssociated()}).
 *
 * <p>A connector's test class extends this and provides an {@link AssociationFixture}; each test gets a fresh one.
 */
public abstract class AssociationContractTest {

    /** An app with an object type whose records associate with any number of records of another type. */
    public interface AssociationFixture extends AutoCloseable {
        /** The opened connector. */
        Connector connector();

        /** The object type holding the association (e.g. {@code deals}), empty when the fixture opens. */
        String objectType();

        /** The associated object type (e.g. {@code contacts}). */
        String associatedType();

        /** Creates a record of {@link #objectType()} directly in the app, without associations; returns its id. */
        String insert();

        /** Creates a record of {@link #associatedType()} directly in the app; returns its id. */
        String insertAssociated();

        /**
         * Makes a record's associations exactly {@code ids}, directly in the app, the way the connector's
         * documentation tells other programs to (so that its change feed can see it).
         */
        void associate(String id, Set<String> ids);

        /**
         * The id of a record of {@link #associatedType()} the app no longer has (created, then deleted directly)
         * and will not give to a record created later (a SQLite rowid table without {@code AUTOINCREMENT}
         * would), or {@code null} when the app does not check that associated records exist (e.g. a join table
         * without a foreign key), which skips the test that needs it.
         */
        default String missingAssociated() {
            return null;
        }

        /** Releases what the fixture opened; the connector is closed here too. */
        @Override
        void close() throws Exception;
    }

    /** Opens a fresh fixture for one test. */
    protected abstract AssociationFixture openFixture() throws Exception;

    private AssociationFixture fixture;
    private Connector connector;
    private String type;
    private PropertyDef property;

    @BeforeEach
    void openAssociationFixture() throws Exception {
        fixture = openFixture();
        connector = fixture.connector();
        type = fixture.objectType();
        property = connector.schema(type).property(PropertyDef.ASSOCIATION_PREFIX + fixture.associatedType())
                .orElse(null);
    }

    @AfterEach
    void closeAssociationFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Set<String> ids(Record r) {
        return Set.copyOf(property.split(r.get(property.name())));
    }

    private Record read(String id) {
        return connector.readByIds(type, List.of(id)).get(0);
    }

    private Map<String, Record> readAll() {
        Map<String, Record> out = new HashMap<>();
        String token = null;
        do {
            var page = connector.readAll(type, token, 2);
            page.records().forEach(r -> out.put(r.id(), r));
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }

    private List<Record> changesSince(Checkpoint since) {
        List<Record> out = new ArrayList<>();
        String token = null;
        do {
            ChangePage page = connector.readChanges(type, since, token, 2);
            out.addAll(page.records());
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }

    @Test
    void schema_associationProperty_isMultiValuedToTheAssociatedType() {
        assertThat(property).as("schema of " + type + " has " + PropertyDef.ASSOCIATION_PREFIX
                + fixture.associatedType()).isNotNull();
        assertThat(property.manyAssociated()).isTrue();
        assertThat(property.associatedType()).isEqualTo(fixture.associatedType());
    }

    @Test
    void readAll_pagesSmallerThanRecordCount_eachRecordHasItsFullSet_noneIsAbsent() {
        String a1 = fixture.insertAssociated();
        String a2 = fixture.insertAssociated();
        String a3 = fixture.insertAssociated();
        String both = fixture.insert();
        String one = fixture.insert();
        String none = fixture.insert();
        fixture.associate(both, Set.of(a1, a2));
        fixture.associate(one, Set.of(a3));

        Map<String, Record> all = readAll();

        assertThat(ids(all.get(both))).containsExactlyInAnyOrder(a1, a2);
        assertThat(ids(all.get(one))).containsExactly(a3);
        assertThat(all.get(none).get(property.name())).isNull();
        assertThat(ids(read(both))).containsExactlyInAnyOrder(a1, a2);
    }

    @Test
    void write_setThenSmallerSetThenNone_readBackEachTime() {
        String a1 = fixture.insertAssociated();
        String a2 = fixture.insertAssociated();
        String id = fixture.insert();

        WriteResult two = connector.write(type, List.of(WriteOperation.update("two", id,
                Map.of(property.name(), property.join(List.of(a2, a1)))))).get(0);
        assertThat(two.succeeded()).as(String.valueOf(two.failure())).isTrue();
        assertThat(ids(read(id))).containsExactlyInAnyOrder(a1, a2);

        connector.write(type, List.of(WriteOperation.update("one", id, Map.of(property.name(), a2))));
        assertThat(ids(read(id))).containsExactly(a2);

        Map<String, String> cleared = new HashMap<>();
        cleared.put(property.name(), null);
        connector.write(type, List.of(WriteOperation.update("none", id, cleared)));
        assertThat(read(id).get(property.name())).isNull();
    }

    @Test
    void write_createWithAssociations_storedRecordHasThem() {
        String a1 = fixture.insertAssociated();
        String a2 = fixture.insertAssociated();

        WriteResult r = connector.write(type, List.of(WriteOperation.create("new",
                Map.of(property.name(), property.join(List.of(a1, a2)))))).get(0);

        assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
        assertThat(ids(read(r.id()))).containsExactlyInAnyOrder(a1, a2);
    }

    @Test
    void readChanges_associationOnlyWriteByTheConnector_returnsTheRecordWithItsNewSet() {
        String a1 = fixture.insertAssociated();
        String a2 = fixture.insertAssociated();
        String id = fixture.insert();
        fixture.insert();
        fixture.associate(id, Set.of(a1));
        Checkpoint since = connector.checkpoint(type);

        connector.write(type, List.of(WriteOperation.update("u", id,
                Map.of(property.name(), property.join(List.of(a1, a2))))));

        assertThat(changesSince(since)).filteredOn(r -> r.id().equals(id)).singleElement()
                .satisfies(r -> assertThat(ids(r)).containsExactlyInAnyOrder(a1, a2));
    }

    @Test
    void readChanges_associationAddedAndRemovedDirectlyInTheApp_returnsTheRecordWithItsNewSet() {
        String a1 = fixture.insertAssociated();
        String a2 = fixture.insertAssociated();
        String id = fixture.insert();
        fixture.associate(id, Set.of(a1));
        Checkpoint since = connector.checkpoint(type);

        fixture.associate(id, Set.of(a2));

        assertThat(changesSince(since)).filteredOn(r -> r.id().equals(id)).singleElement()
                .satisfies(r -> assertThat(ids(r)).containsExactly(a2));
    }

    @Test
    void write_anAssociatedRecordTheAppDoesNotHave_failsAssociationOnTheProperty_setLeftAsItWas() {
        String missing = fixture.missingAssociated();
        assumeTrue(missing != null, "the app does not check associated records");
        String a1 = fixture.insertAssociated();
        String a2 = fixture.insertAssociated();
        String id = fixture.insert();
        fixture.associate(id, Set.of(a1));
        // An app that gives a deleted record's id to a new one would make "missing" exist again.
        assertThat(List.of(a1, a2)).as("ids of records created after the missing one").doesNotContain(missing);

        WriteResult r = connector.write(type, List.of(WriteOperation.update("u", id,
                Map.of(property.name(), property.join(List.of(a2, missing)))))).get(0);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().category()).isEqualTo(FailureCategory.ASSOCIATION);
        assertThat(r.failure().property()).isEqualTo(property.name());
        assertThat(ids(read(id))).containsExactly(a1);
    }
}
