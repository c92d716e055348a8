package io.crmsync.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A contact's primary company as the association property {@code @companies}: read by every read, written. */
class HubSpotAssociationsTest {
    @TempDir
    Path dir;
    private Sandbox sandbox;
    private Connector connector;

    @BeforeEach
    void start() {
        sandbox = new Sandbox(dir, SandboxServer.Options.defaults());
        connector = sandbox.open(Map.of("indexingLagMs", 0, "associations", List.of("companies")));
    }

    @AfterEach
    void stop() {
        connector.close();
        sandbox.close();
    }

    private Record byId(List<Record> records, String id) {
        return records.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void reads_listSearchAndBatchRead_allCarryThePrimaryCompany() {
        String acme = sandbox.insert("companies", Map.of("name", "Acme"));
        String other = sandbox.insert("companies", Map.of("name", "Other"));
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String bob = sandbox.insert("contacts", Map.of("email", "bob@example.org"));
        sandbox.makePrimary(ann, acme);

        assertThat(connector.schema("contacts").property("@companies")).isPresent();
        long before = sandbox.requests();
        List<Record> listed = connector.readAll("contacts", null, 100).records();
        // One list call: a contact without a company has no associations block, which means none.
        assertThat(sandbox.requests() - before).isEqualTo(1);
        List<Record> changed = connector.readChanges("contacts", new Checkpoint("0"), null, 100).records();
        List<Record> byIds = connector.readByIds("contacts", List.of(ann, bob));

        for (List<Record> read : List.of(listed, changed, byIds)) {
            assertThat(byId(read, ann).get("@companies")).isEqualTo(acme);
            assertThat(byId(read, bob).get("@companies")).isNull();
        }
        assertThat(other).isNotEqualTo(acme);
    }

    @Test
    void withoutTheAssociationsSetting_noCompanyPropertyAndNoAssociationCalls() {
        try (Connector plain = sandbox.open(Map.of("indexingLagMs", 0))) {
            String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
            assertThat(plain.schema("contacts").property("@companies")).isEmpty();
            long before = sandbox.requests();

            List<Record> changed = plain.readChanges("contacts", new Checkpoint("0"), null, 100).records();

            // The search and the recycle-bin list (archived records are never in search), no association call.
            assertThat(sandbox.requests() - before).isEqualTo(2);
            assertThat(byId(changed, ann).properties()).doesNotContainKey("@companies");
        }
    }

    @Test
    void write_companyOnlyUpdateAndCreate_makeItPrimary_otherContactsPrimaryUntouched() {
        String acme = sandbox.insert("companies", Map.of("name", "Acme"));
        String globex = sandbox.insert("companies", Map.of("name", "Globex"));
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String cy = sandbox.insert("contacts", Map.of("email", "cy@acme.example"));
        sandbox.makePrimary(cy, acme);

        List<WriteResult> results = connector.write("contacts", List.of(
                WriteOperation.update("u1", ann, Map.of("@companies", globex)),
                WriteOperation.create("c1", Map.of("email", "dee@globex.example", "@companies", globex))));

        assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue());
        List<String> ids = new ArrayList<>(List.of(ann, cy, results.get(1).id()));
        List<Record> read = connector.readByIds("contacts", ids);
        assertThat(byId(read, ann).get("@companies")).isEqualTo(globex);
        assertThat(byId(read, results.get(1).id()).get("@companies")).isEqualTo(globex);
        assertThat(byId(read, cy).get("@companies")).isEqualTo(acme);
        assertThat(results.get(1).stored().get("@companies")).isEqualTo(globex);
    }

    @Test
    void write_clearedCompany_removesThePrimaryAssociation() {
        String acme = sandbox.insert("companies", Map.of("name", "Acme"));
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        sandbox.makePrimary(ann, acme);
        Map<String, String> clear = new java.util.HashMap<>();
        clear.put("@companies", null);

        WriteResult r = connector.write("contacts", List.of(WriteOperation.update("u1", ann, clear))).get(0);

        assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
        assertThat(connector.readByIds("contacts", List.of(ann)).get(0).get("@companies")).isNull();
    }

    @Test
    void write_unknownCompany_failsAssociationButKeepsTheRecordsProperties() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));

        WriteResult r = connector.write("contacts", List.of(WriteOperation.update("u1", ann,
                Map.of("firstname", "Ann", "@companies", "999999")))).get(0);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().category().name()).isEqualTo("ASSOCIATION");
        assertThat(connector.readByIds("contacts", List.of(ann)).get(0).get("firstname")).isEqualTo("Ann");
    }
}
