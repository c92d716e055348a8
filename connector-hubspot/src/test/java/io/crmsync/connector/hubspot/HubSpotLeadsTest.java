package io.crmsync.connector.hubspot;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** HubSpot's leads object type (0-136) through the connector, against the sandbox over HTTP. */
class HubSpotLeadsTest {
    @TempDir
    Path dir;
    private Sandbox sandbox;
    private Connector connector;

    @BeforeEach
    void open() {
        sandbox = new Sandbox(dir);
        connector = sandbox.open(Map.of("objects", List.of("leads"), "indexingLagMs", 0));
    }

    @AfterEach
    void close() {
        connector.close();
        sandbox.close();
    }

    @Test
    void leads_schemaHasLabelledStagesAndOwner_writesAndChangesRoundTrip() throws Exception {
        String owner = sandbox.createOwners("rep7@example.com").get(0);
        connector.check();
        PropertyDef stage = connector.schema("leads").property("hs_pipeline_stage").orElseThrow();
        assertThat(stage.type()).isEqualTo(PropertyType.ENUMERATION);
        assertThat(stage.options()).contains(new PropertyOption("qualified-stage-id", "Qualified"));
        assertThat(connector.schema("leads").property("hubspot_owner_id").orElseThrow().options())
                .containsExactly(new PropertyOption(owner, "rep7@example.com"));
        Checkpoint since = connector.checkpoint("leads");
        Thread.sleep(5);

        List<WriteResult> created = connector.write("leads", List.of(
                WriteOperation.create("ok", Map.of("hs_lead_name", "Ada", "hs_pipeline_stage", "new-stage-id",
                        "hubspot_owner_id", owner)),
                WriteOperation.create("bad", Map.of("hs_lead_name", "Bob", "hs_pipeline_stage", "Qualified"))));

        WriteResult ok = created.stream().filter(r -> r.ref().equals("ok")).findFirst().orElseThrow();
        WriteResult bad = created.stream().filter(r -> r.ref().equals("bad")).findFirst().orElseThrow();
        assertThat(ok.succeeded()).isTrue();
        assertThat(bad.failure().category()).isEqualTo(FailureCategory.INVALID_OPTION);
        assertThat(bad.failure().property()).isEqualTo("hs_pipeline_stage");
        ChangePage changes = connector.readChanges("leads", since, null, 100);
        assertThat(changes.records()).extracting(Record::id).containsExactly(ok.id());
        assertThat(changes.records().get(0).get("hubspot_owner_id")).isEqualTo(owner);
        assertThat(connector.readAll("leads", null, 100).records()).extracting(r -> r.get("hs_lead_name"))
                .containsExactly("Ada");
    }
}
