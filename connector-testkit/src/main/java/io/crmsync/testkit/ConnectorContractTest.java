package io.crmsync.testkit;

import io.crmsync.api.Capability;
import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorInfo;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link Connector} passes. A connector's test class extends it and provides a
 * {@link Fixture}: an opened connector for an app with one object type that has at least the properties
 * {@code email} (STRING, unique), {@code firstname} (STRING), {@code lastname} (STRING) and {@code seats}
 * (NUMBER), plus helpers that change the app directly, bypassing the connector (as a user would).
 *
 * <p>Each test gets a fresh fixture whose object type starts empty ({@link #openFixture()} before, and
 * {@link Fixture#close()} after, every test). Tests run one at a time per instance.
 *
 * <p>Change reads: a connector may return a record again that did not change (the engine recognises echoes),
 * so "no change" is checked as "no record that differs from the last full read"; a full-scan connector
 * ({@link ChangePage#fullScan()}) returns every record.
 */
public abstract class ConnectorContractTest {

    /** What a connector under test provides; see the class comment for the object type's properties. */
    public interface Fixture extends AutoCloseable {
        /** The opened connector. */
        Connector connector();

        /** The object type with the contract's properties, empty when the fixture opens. */
        String objectType();

        /** Creates a record directly in the app (values as native text) and returns its id. */
        String insert(Map<String, String> properties);

        /** Sets one property of a record directly in the app, as a user edit would (marking it changed). */
        void update(String id, String property, String value);

        /** Hard-deletes a record directly in the app. */
        void delete(String id);

        /** Releases what the fixture opened; the connector is closed here too. */
        @Override
        void close() throws Exception;
    }

    /** Opens a fresh fixture for one test. */
    protected abstract Fixture openFixture() throws Exception;

    private Fixture fixture;
    private Connector connector;
    private String type;

    @BeforeEach
    void openContractFixture() throws Exception {
        fixture = openFixture();
        connector = fixture.connector();
        type = fixture.objectType();
    }

    @AfterEach
    void closeContractFixture() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    // ---------------------------------------------------------------- info, check, schema

    @Test
    void info_openedConnector_reportsTypeObjectTypeAndBatchSize() {
        ConnectorInfo info = connector.info();
        assertThat(info.type()).isNotBlank();
        assertThat(info.objectTypes()).contains(type);
        assertThat(info.maxBatchSize()).isPositive();
    }

    @Test
    void check_reachableApp_succeeds() {
        connector.check();
    }

    @Test
    void schema_contractObjectType_reportsPropertiesWithTypes() {
        ObjectSchema schema = connector.schema(type);
        assertThat(schema.objectType()).isEqualTo(type);
        assertThat(schema.property("email")).get().extracting(PropertyDef::type).isEqualTo(PropertyType.STRING);
        assertThat(schema.property("email")).get().extracting(PropertyDef::unique).isEqualTo(true);
        assertThat(schema.property("firstname")).get().extracting(PropertyDef::type).isEqualTo(PropertyType.STRING);
        assertThat(schema.property("lastname")).get().extracting(PropertyDef::type).isEqualTo(PropertyType.STRING);
        assertThat(schema.property("seats")).get().extracting(PropertyDef::type).isEqualTo(PropertyType.NUMBER);
    }

    // ---------------------------------------------------------------- reads

    @Test
    void readAll_twoReadsWithPagesSmallerThanRecordCount_returnSameRecords() {
        List<String> ids = insertPeople(7);

        List<Record> first = readAll(3);
        List<Record> second = readAll(3);

        assertThat(first).extracting(Record::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(contents(second)).isEqualTo(contents(first));
        assertThat(second).extracting(Record::id).containsExactlyElementsOf(first.stream().map(Record::id).toList());
    }

    @Test
    void readChanges_checkpointThenNoChange_reportsNoChangedRecord() {
        insertPeople(7);
        Checkpoint since = connector.checkpoint(type);
        Map<String, Map<String, String>> before = contents(readAll(3));

        List<ChangePage> pages = readChanges(since, 3);

        List<Record> changed = pages.stream().flatMap(p -> p.records().stream()).toList();
        if (pages.get(0).fullScan()) {
            assertThat(contents(changed)).isEqualTo(before);
        } else {
            for (Record r : changed) {
                assertThat(normalised(r.properties())).as("record %s did not change", r.id())
                        .isEqualTo(before.get(r.id()));
            }
        }
        assertThat(pages.get(pages.size() - 1).checkpoint()).isNotNull();
    }

    @Test
    void readChanges_oneRecordChangedDirectly_returnsIt() {
        List<String> ids = insertPeople(5);
        Checkpoint since = connector.checkpoint(type);
        fixture.update(ids.get(2), "firstname", "Changed");

        List<Record> changed = readChanges(since, 2).stream().flatMap(p -> p.records().stream()).toList();

        assertThat(changed).filteredOn(r -> r.id().equals(ids.get(2)))
                .extracting(r -> r.get("firstname")).contains("Changed");
    }

    @Test
    void readChanges_afterReadingChanges_nextReadReturnsLaterChangeOnly() {
        List<String> ids = insertPeople(4);
        Checkpoint since = connector.checkpoint(type);
        fixture.update(ids.get(0), "lastname", "First");
        List<ChangePage> pages = readChanges(since, 10);
        Checkpoint next = pages.get(pages.size() - 1).checkpoint();
        fixture.update(ids.get(3), "lastname", "Second");

        List<Record> changed = readChanges(next, 10).stream().flatMap(p -> p.records().stream()).toList();

        assertThat(changed).filteredOn(r -> r.id().equals(ids.get(3)))
                .extracting(r -> r.get("lastname")).contains("Second");
        assertThat(changed).filteredOn(r -> r.id().equals(ids.get(0)))
                .allSatisfy(r -> assertThat(r.get("lastname")).isEqualTo("First"));
    }

    @Test
    void readByIds_someIdsMissingOrDeleted_omitsThem() {
        String kept = fixture.insert(person(1));
        String deleted = fixture.insert(person(2));
        fixture.delete(deleted);

        List<Record> found = connector.readByIds(type, List.of(kept, deleted, "999999999"));

        assertThat(found).extracting(Record::id).containsExactly(kept);
        assertThat(found.get(0).get("email")).isEqualTo("person1@example.com");
    }

    @Test
    void findByIdentifier_valueDiffersInCaseAndWhitespace_matches() {
        String id = fixture.insert(Map.of("email", "Jo.Smith@Example.com", "firstname", "Jo"));
        fixture.insert(Map.of("email", "other@example.com"));

        List<Record> found = connector.findByIdentifier(type, "email", List.of("  jo.smith@EXAMPLE.COM "));

        assertThat(found).extracting(Record::id).contains(id);
        assertThat(found).extracting(r -> r.get("email")).doesNotContain("other@example.com");
    }

    // ---------------------------------------------------------------- writes

    @Test
    void write_createUpdateDelete_returnsPerRecordResultsAndStoresThem() {
        List<WriteResult> created = connector.write(type, List.of(
                WriteOperation.create("c1", person(1)),
                WriteOperation.create("c2", person(2)),
                WriteOperation.create("c3", person(3))));

        assertThat(created).extracting(WriteResult::ref).containsExactly("c1", "c2", "c3");
        assertThat(created).allSatisfy(r -> {
            assertThat(r.succeeded()).as("%s", r.failure()).isTrue();
            assertThat(r.id()).isNotNull();
        });
        List<String> ids = created.stream().map(WriteResult::id).toList();
        Map<String, Record> read = byId(connector.readByIds(type, ids));
        assertThat(read).hasSize(3);
        assertThat(read.get(ids.get(0)).get("email")).isEqualTo("person1@example.com");
        assertThat(read.get(ids.get(0)).get("seats")).isEqualTo("11");

        List<WriteResult> changed = connector.write(type, List.of(
                WriteOperation.update("u", ids.get(0), Map.of("firstname", "Updated", "seats", "42")),
                WriteOperation.delete("d", ids.get(1))));

        assertThat(changed).allSatisfy(r -> assertThat(r.succeeded()).as("%s", r.failure()).isTrue());
        Map<String, Record> after = byId(connector.readByIds(type, ids));
        assertThat(after.keySet()).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(after.get(ids.get(0)).get("firstname")).isEqualTo("Updated");
        assertThat(after.get(ids.get(0)).get("seats")).isEqualTo("42");
        assertThat(after.get(ids.get(0)).get("email")).isEqualTo("person1@example.com");
    }

    @Test
    void write_oneRecordWithNonNumericSeats_failsOnlyThatRecordNamingProperty() {
        Map<String, String> bad = new HashMap<>(person(2));
        bad.put("seats", "12;34");

        List<WriteResult> results = connector.write(type, List.of(
                WriteOperation.create("ok1", person(1)),
                WriteOperation.create("bad", bad),
                WriteOperation.create("ok2", person(3))));

        WriteResult failed = byRef(results).get("bad");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.failure().category()).isEqualTo(FailureCategory.INVALID_VALUE);
        assertThat(failed.failure().property()).isEqualTo("seats");
        assertThat(byRef(results).get("ok1").succeeded()).isTrue();
        assertThat(byRef(results).get("ok2").succeeded()).isTrue();
        assertThat(readAll(10)).extracting(r -> r.get("email"))
                .containsExactlyInAnyOrder("person1@example.com", "person3@example.com");
    }

    /**
     * A create whose unique email is taken. A connector without {@link Capability#UPSERT} fails that record alone as
     * DUPLICATE naming {@code email} and the holder's id. A connector with it creates by upsert on the unique
     * identifier (the documented alternative): the create updates the holder, reporting the holder's id, and no
     * second record with that email appears. Either way the batch's other records are written.
     */
    @Test
    void write_oneRecordWithTakenUniqueEmail_failsOnlyThatRecordAsDuplicate() {
        String holder = fixture.insert(person(9));

        List<WriteResult> results = connector.write(type, List.of(
                WriteOperation.create("ok1", person(1)),
                WriteOperation.create("dup", person(9)),
                WriteOperation.create("ok2", person(3))));

        if (connector.info().has(Capability.UPSERT)) {
            WriteResult upserted = byRef(results).get("dup");
            assertThat(upserted.succeeded()).as("%s", upserted.failure()).isTrue();
            assertThat(upserted.id()).isEqualTo(holder);
            assertThat(byRef(results).get("ok1").succeeded()).isTrue();
            assertThat(byRef(results).get("ok2").succeeded()).isTrue();
            List<Record> all = readAll(10);
            assertThat(all).hasSize(3);
            assertThat(all).filteredOn(r -> "person9@example.com".equals(r.get("email")))
                    .extracting(Record::id).containsExactly(holder);
            assertThat(all).extracting(r -> r.get("email")).containsExactlyInAnyOrder(
                    "person1@example.com", "person9@example.com", "person3@example.com");
            return;
        }
        WriteResult failed = byRef(results).get("dup");
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.failure().category()).isEqualTo(FailureCategory.DUPLICATE);
        assertThat(failed.failure().property()).isEqualTo("email");
        assertThat(failed.failure().message()).contains(holder);
        assertThat(byRef(results).get("ok1").succeeded()).isTrue();
        assertThat(byRef(results).get("ok2").succeeded()).isTrue();
        assertThat(readAll(10)).hasSize(3);
    }

    @Test
    void write_updateWithNullValue_clearsProperty() {
        String id = fixture.insert(person(1));
        Map<String, String> clear = new HashMap<>();
        clear.put("firstname", null);

        WriteResult result = connector.write(type, List.of(WriteOperation.update("u", id, clear))).get(0);

        assertThat(result.succeeded()).as("%s", result.failure()).isTrue();
        Record read = connector.readByIds(type, List.of(id)).get(0);
        assertThat(read.get("firstname")).isNull();
        assertThat(read.get("lastname")).isEqualTo("Last1");
    }

    @Test
    void write_updateAndDeleteOfDeletedRecord_failWithRecordDeleted() {
        String id = fixture.insert(person(1));
        fixture.delete(id);

        List<WriteResult> results = connector.write(type, List.of(
                WriteOperation.update("u", id, Map.of("firstname", "X")),
                WriteOperation.delete("d", id)));

        assertThat(results).extracting(WriteResult::ref).containsExactlyInAnyOrder("u", "d");
        assertThat(results).allSatisfy(r ->
                assertThat(r.failure().category()).isEqualTo(FailureCategory.RECORD_DELETED));
    }

    @Test
    void write_severalOperations_eachResultMatchedByRef() {
        String existing = fixture.insert(person(1));
        String doomed = fixture.insert(person(2));
        List<WriteOperation> ops = List.of(
                WriteOperation.update("zeta", existing, Map.of("lastname", "Zeta")),
                WriteOperation.create("alpha", person(3)),
                WriteOperation.delete("mu", doomed),
                WriteOperation.create("beta", person(4)));

        List<WriteResult> results = connector.write(type, ops);

        assertThat(results).extracting(WriteResult::ref).containsExactlyInAnyOrder("zeta", "alpha", "mu", "beta");
        Map<String, WriteResult> byRef = byRef(results);
        assertThat(byRef.values()).allSatisfy(r -> assertThat(r.succeeded()).as("%s", r.failure()).isTrue());
        assertThat(byRef.get("zeta").id()).isEqualTo(existing);
        assertThat(byRef.get("mu").id()).isEqualTo(doomed);
        Map<String, Record> read = byId(connector.readByIds(type,
                List.of(byRef.get("alpha").id(), byRef.get("beta").id(), existing)));
        assertThat(read.get(byRef.get("alpha").id()).get("email")).isEqualTo("person3@example.com");
        assertThat(read.get(byRef.get("beta").id()).get("email")).isEqualTo("person4@example.com");
        assertThat(read.get(existing).get("lastname")).isEqualTo("Zeta");
        if (byRef.get("alpha").stored() != null) {
            assertThat(byRef.get("alpha").stored().get("email")).isEqualTo("person3@example.com");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A person's properties: email {@code person<n>@example.com}, names, seats {@code 10 + n}. */
    protected static Map<String, String> person(int n) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("email", "person" + n + "@example.com");
        p.put("firstname", "First" + n);
        p.put("lastname", "Last" + n);
        p.put("seats", Integer.toString(10 + n));
        return p;
    }

    private List<String> insertPeople(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(fixture.insert(person(i)));
        }
        return ids;
    }

    private List<Record> readAll(int pageSize) {
        List<Record> out = new ArrayList<>();
        String token = null;
        int calls = 0;
        do {
            RecordPage page = connector.readAll(type, token, pageSize);
            assertThat(page.records().size()).isLessThanOrEqualTo(pageSize);
            out.addAll(page.records());
            token = page.nextPageToken();
            assertThat(++calls).as("pages of a full read").isLessThan(1000);
        } while (token != null);
        return out;
    }

    private List<ChangePage> readChanges(Checkpoint since, int pageSize) {
        List<ChangePage> pages = new ArrayList<>();
        String token = null;
        do {
            ChangePage page = connector.readChanges(type, since, token, pageSize);
            assertThat(page.records().size()).isLessThanOrEqualTo(pageSize);
            assertThat(page.checkpoint() == null).as("checkpoint only on the last page")
                    .isEqualTo(page.nextPageToken() != null);
            pages.add(page);
            token = page.nextPageToken();
            assertThat(pages).as("pages of a change read").hasSizeLessThan(1000);
        } while (token != null);
        return pages;
    }

    /** Id to non-empty values: a missing property, {@code null} and {@code ""} are the same. */
    private static Map<String, Map<String, String>> contents(List<Record> records) {
        return records.stream().collect(Collectors.toMap(Record::id, r -> normalised(r.properties())));
    }

    private static Map<String, String> normalised(Map<String, String> properties) {
        Map<String, String> out = new HashMap<>();
        properties.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Map<String, Record> byId(List<Record> records) {
        return records.stream().collect(Collectors.toMap(Record::id, Function.identity()));
    }

    private static Map<String, WriteResult> byRef(List<WriteResult> results) {
        return results.stream().collect(Collectors.toMap(WriteResult::ref, Function.identity()));
    }
}
