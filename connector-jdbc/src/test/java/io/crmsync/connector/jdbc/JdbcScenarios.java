package io.crmsync.connector.jdbc;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDBC-specific behaviour beyond the connector contract, run against each database by a subclass: bulk
 * writes, change paging with equal timestamps, value conversions, rows the database rejects, UUID ids.
 */
abstract class JdbcScenarios {
    /** A fresh database for one test. */
    abstract TestDatabase database();

    private TestDatabase db;
    private JdbcFixture fixture;
    private JdbcConnector connector;

    @BeforeEach
    void open() throws Exception {
        db = database();
        fixture = new JdbcFixture(db, true, Map.of());
        connector = fixture.connector();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void write_thousandCreatesInOneCall_allStoredWithDistinctPlainIds() {
        List<WriteOperation> ops = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ops.add(WriteOperation.create("r" + i, Map.of("email", "bulk" + i + "@example.com", "seats", "" + i)));
        }

        List<WriteResult> results = connector.write("contacts", ops);

        assertThat(results).hasSize(1000).allSatisfy(r -> assertThat(r.succeeded()).as("%s", r.failure()).isTrue());
        assertThat(results).extracting(WriteResult::id).doesNotHaveDuplicates().allMatch(id -> id.matches("\\d+"));
        assertThat(results.get(737).ref()).isEqualTo("r737");
        assertThat(results.get(737).stored().get("email")).isEqualTo("bulk737@example.com");
        assertThat(results.get(737).stored().get("seats")).isEqualTo("737");
        assertThat(connector.readAll("contacts", null, 2000).records()).hasSize(1000);
    }

    @Test
    void readChanges_manyRowsWithIdenticalTimestamps_eachReturnedOnceAcrossPagesThenNothing() {
        Instant t1 = Instant.parse("2020-01-01T00:00:00Z");
        Instant t2 = Instant.parse("2020-01-02T00:00:00Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(fixture.insertAt(Map.of("email", "same" + i + "@example.com"), t1, null));
        }
        for (int i = 0; i < 3; i++) {
            ids.add(fixture.insertAt(Map.of("email", "later" + i + "@example.com"), t2, null));
        }

        List<ChangePage> pages = changes(new Checkpoint(ChangeFeed.Position.BEGINNING.encode()), 4);

        List<String> read = pages.stream().flatMap(p -> p.records().stream()).map(Record::id).toList();
        assertThat(pages).hasSizeGreaterThan(3);
        assertThat(read).containsExactlyElementsOf(ids);
        Checkpoint settled = pages.get(pages.size() - 1).checkpoint();
        assertThat(records(changes(settled, 4))).isEmpty();
    }

    @Test
    void readChanges_checkpointAfterSettledRowsSharingLatestTimestamp_readsNothingUntilAChange() {
        Instant old = Instant.parse("2021-06-01T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            fixture.insertAt(Map.of("email", "old" + i + "@example.com"), old, null);
        }

        List<ChangePage> quiet = changes(connector.checkpoint("contacts"), 10);
        String edited = fixture.insert(Map.of("email", "new@example.com"));
        List<ChangePage> after = changes(quiet.get(quiet.size() - 1).checkpoint(), 10);

        assertThat(records(quiet)).isEmpty();
        assertThat(records(after)).extracting(Record::id).containsExactly(edited);
    }

    @Test
    void readChanges_lateRowWithSameRecentTimestampAndSmallerId_isNotLostAndSettles() throws Exception {
        try (JdbcConnector lagging = (JdbcConnector) new JdbcConnectorFactory()
                .open(JdbcFixture.settings(db, true, Map.of("changeLagMs", 300)))) {
            Instant now = Instant.now();
            fixture.insertAt(Map.of("email", "a@example.com"), now, 100L);
            fixture.insertAt(Map.of("email", "b@example.com"), now, 200L);
            List<ChangePage> first = changes(lagging, lagging.checkpoint("contacts"), 10);

            // Another writer commits a row stamped in the same millisecond, with a smaller id.
            fixture.insertAt(Map.of("email", "late@example.com"), now, 50L);
            List<ChangePage> second = changes(lagging, first.get(first.size() - 1).checkpoint(), 10);
            Thread.sleep(400);
            List<ChangePage> third = changes(lagging, second.get(second.size() - 1).checkpoint(), 10);
            List<ChangePage> fourth = changes(lagging, third.get(third.size() - 1).checkpoint(), 10);

            assertThat(records(first)).extracting(Record::id).containsExactly("100", "200");
            assertThat(records(second)).extracting(Record::id).contains("50");
            assertThat(records(fourth)).isEmpty();
        }
    }

    @Test
    void write_valuesOfEachType_storedAndReadBackInNativeTextForm() {
        Map<String, String> deal = new LinkedHashMap<>();
        deal.put("name", "Big");
        deal.put("amount", " 12.50 ");
        deal.put("closed", "yes");
        deal.put("closeDate", "2024-03-05");
        deal.put("closedAt", "2024-01-02T03:04:05.678+01:00");
        deal.put("stage", "open");
        deal.put("tags", "red|blue");
        deal.put("createdAt", "2024-01-02T03:04:05Z");

        List<WriteResult> results = connector.write("deals", List.of(WriteOperation.create("d", deal),
                WriteOperation.create("e", Map.of("name", "Round", "amount", "120", "closed", "false"))));

        assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as("%s", r.failure()).isTrue());
        Record stored = connector.readByIds("deals", List.of(results.get(0).id())).get(0);
        assertThat(stored.properties()).containsEntry("amount", "12.5").containsEntry("closed", "true")
                .containsEntry("closeDate", "2024-03-05").containsEntry("closedAt", "2024-01-02T02:04:05.678Z")
                .containsEntry("stage", "open").containsEntry("tags", "red|blue")
                .containsEntry("createdAt", "2024-01-02T03:04:05.000Z");
        assertThat(results.get(0).stored().properties()).isEqualTo(stored.properties());
        assertThat(results.get(1).stored().properties()).containsEntry("amount", "120")
                .containsEntry("closed", "false");
    }

    @Test
    void write_invalidValuesOfEachType_failOnlyThoseRecordsNamingTheProperty() {
        List<WriteResult> results = connector.write("deals", List.of(
                WriteOperation.create("date", Map.of("name", "A", "closeDate", "05/03/2024")),
                WriteOperation.create("stage", Map.of("name", "B", "stage", "maybe")),
                WriteOperation.create("tags", Map.of("name", "C", "tags", "red|pink")),
                WriteOperation.create("bool", Map.of("name", "D", "closed", "perhaps")),
                WriteOperation.create("unknown", Map.of("name", "E", "color", "red")),
                WriteOperation.create("ok", Map.of("name", "F", "tags", "green"))));

        Map<String, WriteResult> byRef = byRef(results);
        assertFailure(byRef.get("date"), FailureCategory.INVALID_VALUE, "closeDate");
        assertFailure(byRef.get("stage"), FailureCategory.INVALID_OPTION, "stage");
        assertFailure(byRef.get("tags"), FailureCategory.INVALID_OPTION, "tags");
        assertFailure(byRef.get("bool"), FailureCategory.INVALID_VALUE, "closed");
        assertFailure(byRef.get("unknown"), FailureCategory.UNKNOWN_PROPERTY, "color");
        assertThat(byRef.get("ok").succeeded()).isTrue();
        assertThat(connector.readAll("deals", null, 10).records()).extracting(r -> r.get("name"))
                .containsExactly("F");
    }

    @Test
    void write_rowsTheDatabaseRejects_failOnlyThoseRowsWithTheirCategory() {
        List<WriteOperation> ops = new ArrayList<>();
        ops.add(WriteOperation.create("ok1", Map.of("name", "One")));
        ops.add(WriteOperation.create("noName", Map.of("amount", "5")));
        ops.add(WriteOperation.create("ok2", Map.of("name", "Two")));
        if (db.enforcesLength()) {
            ops.add(WriteOperation.create("long", Map.of("name", "Far too long for ten")));
        }
        ops.add(WriteOperation.create("ok3", Map.of("name", "Three")));

        Map<String, WriteResult> byRef = byRef(connector.write("deals", ops));

        assertFailure(byRef.get("noName"), FailureCategory.REQUIRED_FIELD_MISSING, "name");
        if (db.enforcesLength()) {
            assertFailure(byRef.get("long"), FailureCategory.VALUE_TOO_LONG, "name");
        }
        assertThat(connector.readAll("deals", null, 10).records()).extracting(r -> r.get("name"))
                .containsExactlyInAnyOrder("One", "Two", "Three");
    }

    @Test
    void write_updateOfRowsTheDatabaseRejectsAmongMany_othersUpdated() {
        String a = fixture.insert(Map.of("email", "a@example.com"));
        String b = fixture.insert(Map.of("email", "b@example.com"));
        String c = fixture.insert(Map.of("email", "c@example.com"));

        Map<String, WriteResult> byRef = byRef(connector.write("contacts", List.of(
                WriteOperation.update("a", a, Map.of("firstname", "Ann")),
                WriteOperation.update("b", b, Map.of("firstname", "Bob", "email", "c@example.com")),
                WriteOperation.update("c", c, Map.of("firstname", "Cid")))));

        assertFailure(byRef.get("b"), FailureCategory.DUPLICATE, "email");
        assertThat(byRef.get("b").failure().message()).contains("record " + c);
        Map<String, Record> read = connector.readByIds("contacts", List.of(a, b, c)).stream()
                .collect(Collectors.toMap(Record::id, Function.identity()));
        assertThat(read.get(a).get("firstname")).isEqualTo("Ann");
        assertThat(read.get(b).get("firstname")).isNull();
        assertThat(read.get(c).get("firstname")).isEqualTo("Cid");
    }

    @Test
    void write_textIdColumnWithoutDefault_generatesUuid() {
        WriteResult created = connector.write("notes", List.of(WriteOperation.create("n", Map.of("body", "hi"))))
                .get(0);

        assertThat(created.succeeded()).as("%s", created.failure()).isTrue();
        assertThat(created.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        WriteResult updated = connector.write("notes",
                List.of(WriteOperation.update("u", created.id(), Map.of("body", "there")))).get(0);
        assertThat(updated.succeeded()).isTrue();
        assertThat(connector.readByIds("notes", List.of(created.id()))).extracting(r -> r.get("body"))
                .containsExactly("there");
    }

    @Test
    void write_throughConnector_stampsUpdatedAtSoTheChangeFeedReturnsTheRecord() {
        fixture.insertAt(Map.of("email", "old@example.com"), Instant.parse("2020-01-01T00:00:00Z"), null);
        Checkpoint since = connector.checkpoint("contacts");
        List<ChangePage> before = changes(since, 10);
        Checkpoint next = before.get(before.size() - 1).checkpoint();

        WriteResult created = connector.write("contacts",
                List.of(WriteOperation.create("c", Map.of("email", "new@example.com")))).get(0);
        List<Record> changed = records(changes(next, 10));

        assertThat(changed).extracting(Record::id).containsExactly(created.id());
        assertThat(changed.get(0).updatedAt()).isNotNull();
        assertThat(created.stored().updatedAt()).isEqualTo(changed.get(0).updatedAt());
    }

    @Test
    void readByIds_moreIdsThanOneInList_returnsAllInAskedOrder() {
        List<WriteOperation> ops = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            ops.add(WriteOperation.create("r" + i, Map.of("email", "many" + i + "@example.com")));
        }
        List<String> ids = new ArrayList<>(connector.write("contacts", ops).stream().map(WriteResult::id).toList());
        java.util.Collections.reverse(ids);
        ids.add(2, "not-a-number");

        List<Record> read = connector.readByIds("contacts", ids);

        assertThat(read).extracting(Record::id).containsExactlyElementsOf(
                ids.stream().filter(id -> !id.equals("not-a-number")).toList());
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            emails.add(" MANY" + i + "@example.com ");
        }
        assertThat(new HashSet<>(connector.findByIdentifier("contacts", "email", emails))).hasSize(600);
    }

    @Test
    void findByDomain_urlsWithPathPortSchemeAndCase_foundButNotOtherHostsOrLikeWildcards() {
        List<String> values = List.of("https://www.Amazon.de/gp/help", " amazon.de ", "http://amazon.de:8080",
                "notamazon.de", "amazon.de.evil.example/x", "shopx1.example/x", "https://shop_1.example/");
        List<WriteOperation> ops = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ops.add(WriteOperation.create("d" + i, Map.of("email", values.get(i))));
        }
        List<String> ids = connector.write("contacts", ops).stream().map(WriteResult::id).toList();

        List<Record> found = connector.findByDomain("contacts", "email", List.of("amazon.de", "shop_1.example"));

        assertThat(found).extracting(Record::id)
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2), ids.get(6));
    }

    // ---------------------------------------------------------------- helpers

    private List<ChangePage> changes(Checkpoint since, int pageSize) {
        return changes(connector, since, pageSize);
    }

    private static List<ChangePage> changes(JdbcConnector c, Checkpoint since, int pageSize) {
        List<ChangePage> pages = new ArrayList<>();
        String token = null;
        do {
            ChangePage page = c.readChanges("contacts", since, token, pageSize);
            assertThat(page.fullScan()).isFalse();
            pages.add(page);
            token = page.nextPageToken();
        } while (token != null && pages.size() < 100);
        return pages;
    }

    private static List<Record> records(List<ChangePage> pages) {
        return pages.stream().flatMap(p -> p.records().stream()).toList();
    }

    private static Map<String, WriteResult> byRef(List<WriteResult> results) {
        Map<String, WriteResult> out = new HashMap<>();
        results.forEach(r -> out.put(r.ref(), r));
        return out;
    }

    private static void assertFailure(WriteResult result, FailureCategory category, String property) {
        assertThat(result.succeeded()).as("%s should fail", result.ref()).isFalse();
        assertThat(result.failure().category()).as("%s: %s", result.ref(), result.failure().message())
                .isEqualTo(category);
        assertThat(result.failure().property()).as("%s: %s", result.ref(), result.failure().message())
                .isEqualTo(property);
        assertThat(result.failure().message()).startsWith("app crm: ");
    }
}
