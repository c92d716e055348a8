package io.crmsync.connector.hubspot;

import io.crmsync.api.Connector;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch writes against the sandbox over HTTP: per-input outcomes, upserts, error categories, injected 429s. */
class HubSpotWriteTest {
    @TempDir
    Path dir;
    private Sandbox sandbox;
    private Connector connector;

    @BeforeEach
    void open() {
        sandbox = new Sandbox(dir);
        connector = sandbox.open(Map.of());
    }

    @AfterEach
    void close() {
        connector.close();
        sandbox.close();
    }

    @Test
    void write_batchOfThreeWithOneEmailTakenByAnother_failsOnlyThatRecordAsDuplicateNamingHolder() {
        String holder = sandbox.insert("contacts", Map.of("email", "taken@example.com"));
        String a = sandbox.insert("contacts", Map.of("email", "a@example.com"));
        String b = sandbox.insert("contacts", Map.of("email", "b@example.com"));
        String c = sandbox.insert("contacts", Map.of("email", "c@example.com"));

        Map<String, WriteResult> results = byRef(connector.write("contacts", List.of(
                WriteOperation.update("ok1", a, Map.of("firstname", "A")),
                WriteOperation.update("dup", b, Map.of("email", "taken@example.com")),
                WriteOperation.update("ok2", c, Map.of("firstname", "C")))));

        assertThat(results.get("ok1").succeeded()).isTrue();
        assertThat(results.get("ok2").succeeded()).isTrue();
        assertThat(results.get("dup").failure().category()).isEqualTo(FailureCategory.DUPLICATE);
        assertThat(results.get("dup").failure().property()).isEqualTo("email");
        assertThat(results.get("dup").failure().message()).contains(holder);
        assertThat(results.get("dup").failure().isTransient()).isFalse();
        assertThat(connector.readByIds("contacts", List.of(b)).get(0).get("email")).isEqualTo("b@example.com");
    }

    @Test
    void write_sameContactCreatedTwice_upsertsByEmailWithoutDuplicate() {
        WriteResult first = connector.write("contacts", List.of(WriteOperation.create("c",
                Map.of("email", "jo@example.com", "firstname", "Jo")))).get(0);
        // A crash after HubSpot stored the create but before crmsync recorded it: the create is sent again.
        WriteResult again = connector.write("contacts", List.of(WriteOperation.create("c",
                Map.of("email", "Jo@Example.com ", "firstname", "Joanna")))).get(0);

        assertThat(first.succeeded()).as("%s", first.failure()).isTrue();
        assertThat(again.succeeded()).as("%s", again.failure()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        List<Record> all = readAll();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("firstname")).isEqualTo("Joanna");
    }

    @Test
    void write_sameEmailTwiceInOneBatch_secondFailsAsDuplicateFirstIsCreated() {
        List<WriteResult> results = connector.write("contacts", List.of(
                WriteOperation.create("one", Map.of("email", "x@example.com")),
                WriteOperation.create("two", Map.of("email", "X@example.com"))));

        assertThat(results.get(0).succeeded()).isTrue();
        assertThat(results.get(1).failure().category()).isEqualTo(FailureCategory.DUPLICATE);
        assertThat(readAll()).hasSize(1);
    }

    @Test
    void write_invalidValues_eachFailsAloneWithCategoryPropertyAndHubSpotsOwnSentence() {
        List<WriteResult> results = connector.write("contacts", List.of(
                WriteOperation.create("unknown", Map.of("email", "u@example.com", "shoe_size", "44")),
                WriteOperation.create("readonly", Map.of("email", "r@example.com", "hs_additional_emails", "x@y.z")),
                WriteOperation.create("option", Map.of("email", "o@example.com", "lifecyclestage", "royalty")),
                WriteOperation.create("email", Map.of("firstname", "NoAt", "email", "not-an-email")),
                WriteOperation.create("ok", Map.of("email", "ok@example.com"))));
        Map<String, WriteResult> byRef = byRef(results);

        assertFailure(byRef.get("unknown"), FailureCategory.UNKNOWN_PROPERTY, "shoe_size");
        assertFailure(byRef.get("readonly"), FailureCategory.READ_ONLY_PROPERTY, "hs_additional_emails");
        assertFailure(byRef.get("option"), FailureCategory.INVALID_OPTION, "lifecyclestage");
        assertFailure(byRef.get("email"), FailureCategory.INVALID_VALUE, "email");
        assertThat(byRef.get("email").failure().message())
                .isEqualTo("property email: Email address not-an-email is invalid");
        assertThat(byRef.get("option").failure().message()).startsWith("property lifecyclestage: ")
                .doesNotContain("[{");
        assertThat(byRef.get("ok").succeeded()).isTrue();
        assertThat(readAll()).extracting(r -> r.get("email")).containsExactly("ok@example.com");
    }

    @Test
    void write_companiesWithoutEmail_createdByBatchCreateAndReturnStoredRecord() {
        List<WriteResult> results = connector.write("companies", List.of(
                WriteOperation.create("a", Map.of("name", "Acme", "numberofemployees", "12")),
                WriteOperation.create("b", Map.of("name", "Beta"))));

        assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as("%s", r.failure()).isTrue());
        assertThat(results.get(0).stored().get("name")).isEqualTo("Acme");
        assertThat(connector.readByIds("companies", List.of(results.get(0).id())).get(0).get("numberofemployees"))
                .isEqualTo("12");
    }

    @Test
    void write_250CreatesWith429sInjected_retriesUntilAllAreWritten() {
        sandbox.faults("{\"rateLimited\":0.3,\"seed\":7}");
        List<WriteOperation> ops = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ops.add(WriteOperation.create("r" + i, Map.of("email", "p" + i + "@example.com")));
        }
        List<WriteResult> results = new ArrayList<>();
        for (int i = 0; i < ops.size(); i += 50) {
            results.addAll(connector.write("contacts", ops.subList(i, i + 50)));
        }
        sandbox.faults("{}");

        assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as("%s", r.failure()).isTrue());
        assertThat(readAll()).hasSize(250);
    }

    @Test
    void write_everyCallAnswered429_failsEachRecordAsTransientRateLimitedWithRetryAfter() {
        sandbox.faults("{\"rateLimited\":1.0}");

        List<WriteResult> results = connector.write("contacts", List.of(
                WriteOperation.create("a", Map.of("email", "a@example.com")),
                WriteOperation.create("b", Map.of("email", "b@example.com"))));
        sandbox.faults("{}");

        assertThat(results).allSatisfy(r -> {
            assertThat(r.failure().category()).isEqualTo(FailureCategory.RATE_LIMITED);
            assertThat(r.failure().isTransient()).isTrue();
            assertThat(r.failure().retryAfterMs()).isPositive();
        });
        assertThat(readAll()).isEmpty();
    }

    @Test
    void write_moreThan100Operations_splitIntoBatchesOf100() {
        List<WriteOperation> ops = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            Map<String, String> p = new HashMap<>();
            p.put("name", "Company " + i);
            ops.add(WriteOperation.create("c" + i, p));
        }

        List<WriteResult> results = connector.write("companies", ops);

        assertThat(results).extracting(WriteResult::ref).containsExactlyElementsOf(
                ops.stream().map(WriteOperation::ref).toList());
        assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
    }

    private static void assertFailure(WriteResult r, FailureCategory category, String property) {
        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().category()).as("%s", r.failure()).isEqualTo(category);
        assertThat(r.failure().property()).isEqualTo(property);
    }

    private List<Record> readAll() {
        List<Record> out = new ArrayList<>();
        String token = null;
        do {
            RecordPage page = connector.readAll("contacts", token, 100);
            out.addAll(page.records());
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }

    private static Map<String, WriteResult> byRef(List<WriteResult> results) {
        return results.stream().collect(Collectors.toMap(WriteResult::ref, Function.identity()));
    }
}
