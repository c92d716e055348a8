package io.crmsync.testkit;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour specific to the in-memory connector; the shared contract is in {@link InMemoryConnectorContractTest}. */
class InMemoryConnectorTest {
    private final InMemoryConnector crm = new InMemoryConnector("crm", List.of(ObjectSchema.of("contacts", List.of(
            PropertyDef.of("email", PropertyType.STRING).withUnique(true),
            PropertyDef.of("status", PropertyType.ENUMERATION)
                    .withOptions(List.of(PropertyOption.of("a"), PropertyOption.of("b"))),
            PropertyDef.of("tags", PropertyType.MULTISELECT).withDelimiter("|")
                    .withOptions(List.of(PropertyOption.of("red"), PropertyOption.of("blue"))),
            PropertyDef.of("created", PropertyType.DATETIME).withReadOnly(true)))));

    @Test
    void put_threeRecords_idsSortInCreationOrder() {
        String a = crm.put("contacts", Map.of("email", "a@x.com"));
        String b = crm.put("contacts", Map.of("email", "b@x.com"));
        String c = crm.put("contacts", Map.of("email", "c@x.com"));
        assertThat(a).startsWith("crm-");
        assertThat(List.of(a, b, c)).isSorted();
        assertThat(crm.records("contacts").keySet()).containsExactly(a, b, c);
    }

    @Test
    void readChanges_editAfterCheckpoint_returnsOnlyEditedRecordAndNewCheckpoint() {
        String a = crm.put("contacts", Map.of("email", "a@x.com"));
        crm.put("contacts", Map.of("email", "b@x.com"));
        Checkpoint since = crm.checkpoint("contacts");
        crm.edit("contacts", a, "email", "a2@x.com");

        ChangePage page = crm.readChanges("contacts", since, null, 10);

        assertThat(page.records()).extracting(Record::id).containsExactly(a);
        assertThat(page.fullScan()).isFalse();
        assertThat(crm.readChanges("contacts", page.checkpoint(), null, 10).records()).isEmpty();
    }

    @Test
    void readChanges_recordEditedBetweenPages_isReturnedAgainWithNewValue() {
        Checkpoint since = crm.checkpoint("contacts");
        String a = crm.put("contacts", Map.of("email", "a@x.com"));
        crm.put("contacts", Map.of("email", "b@x.com"));
        ChangePage first = crm.readChanges("contacts", since, null, 1);
        crm.edit("contacts", a, "email", "a2@x.com");

        ChangePage second = crm.readChanges("contacts", since, first.nextPageToken(), 1);
        ChangePage third = crm.readChanges("contacts", since, second.nextPageToken(), 1);

        assertThat(third.records()).extracting(r -> r.get("email")).containsExactly("a2@x.com");
        assertThat(third.checkpoint()).isEqualTo(crm.checkpoint("contacts"));
    }

    @Test
    void write_invalidOptionAndReadOnly_failOnlyThoseRecords() {
        List<WriteResult> results = crm.write("contacts", List.of(
                WriteOperation.create("1", Map.of("status", "c")),
                WriteOperation.create("2", Map.of("tags", "red|green")),
                WriteOperation.create("3", Map.of("created", "2024-01-01T00:00:00Z")),
                WriteOperation.create("4", Map.of("tags", "red | blue", "status", "a"))));

        assertThat(results).extracting(r -> r.failure() == null ? null : r.failure().category())
                .containsExactly(FailureCategory.INVALID_OPTION, FailureCategory.INVALID_OPTION,
                        FailureCategory.READ_ONLY_PROPERTY, null);
        assertThat(results.get(1).failure().message()).contains("green");
        assertThat(crm.records("contacts")).hasSize(1);
        assertThat(crm.recordsWritten()).isEqualTo(1);
    }

    @Test
    void write_twoCreatesWithSameEmailInOneCall_secondIsDuplicateNamingFirst() {
        List<WriteResult> results = crm.write("contacts", List.of(
                WriteOperation.create("1", Map.of("email", "jo@x.com")),
                WriteOperation.create("2", Map.of("email", " JO@x.com "))));

        assertThat(results.get(0).succeeded()).isTrue();
        assertThat(results.get(1).failure().category()).isEqualTo(FailureCategory.DUPLICATE);
        assertThat(results.get(1).failure().message()).contains(results.get(0).id());
    }

    @Test
    void failNextWrites_twoCalls_failsTwoCallsThenWrites() {
        crm.failNextWrites(2, FailureCategory.RATE_LIMITED);
        List<WriteOperation> ops = List.of(WriteOperation.create("1", Map.of("email", "a@x.com")));

        assertThat(crm.write("contacts", ops).get(0).failure().category()).isEqualTo(FailureCategory.RATE_LIMITED);
        assertThat(crm.write("contacts", ops).get(0).failure().isTransient()).isTrue();
        assertThat(crm.write("contacts", ops).get(0).succeeded()).isTrue();
        assertThat(crm.writeCalls()).isEqualTo(3);
        assertThat(crm.recordsWritten()).isEqualTo(1);
    }

    @Test
    void setWriteHook_hookThrows_writeIsAlreadyApplied() {
        List<List<WriteOperation>> seen = new ArrayList<>();
        crm.setWriteHook(ops -> {
            seen.add(ops);
            throw new IllegalStateException("crash");
        });

        assertThatThrownBy(() -> crm.write("contacts",
                List.of(WriteOperation.create("1", Map.of("email", "a@x.com"))))).hasMessage("crash");
        assertThat(seen).hasSize(1);
        assertThat(crm.records("contacts")).hasSize(1);
    }

    @Test
    void counters_afterReads_countCallsUntilReset() {
        crm.readAll("contacts", null, 10);
        crm.readByIds("contacts", List.of("nope"));
        crm.findByIdentifier("contacts", "email", List.of("a"));
        assertThat(crm.readCalls()).isEqualTo(3);
        crm.resetCounters();
        assertThat(crm.readCalls()).isZero();
    }

    @Test
    void schema_unknownObjectType_throwsUnknownProperty() {
        assertThatThrownBy(() -> crm.schema("deals")).isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).category())
                        .isEqualTo(FailureCategory.UNKNOWN_PROPERTY));
    }

    @Test
    void put_withIdTheCounterWouldGenerate_nextCreateGetsAnotherId() {
        crm.put("contacts", "crm-000000001", Map.of("email", "a@x.com"));
        String id = crm.put("contacts", new HashMap<>());
        assertThat(id).isEqualTo("crm-000000002");
    }
}
