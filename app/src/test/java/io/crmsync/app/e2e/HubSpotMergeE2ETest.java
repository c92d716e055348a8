package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.SHOP_CONTACTS_TABLE;
import static io.crmsync.app.e2e.Runs.records;
import static io.crmsync.app.e2e.Runs.runOnly;
import static io.crmsync.app.e2e.Runs.writeShopHubSpotContactsConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.sandbox.SandboxServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HubSpot merges (hubspot.md §B.11) between the HubSpot sandbox, over HTTP, and a SQLite shop: the run after a
 * merge re-points the links through the survivor's {@code hs_merged_object_ids}, and nothing is created twice.
 */
class HubSpotMergeE2ETest {
    @TempDir
    Path dir;
    private SandboxServer sandbox;
    private SandboxHttp hubspot;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        sandbox = SandboxServer.start(0, dir.resolve("hubspot"));
        hubspot = new SandboxHttp(sandbox);
        exec(shop(), SHOP_CONTACTS_TABLE,
                "INSERT INTO contacts VALUES (1, 'ann@example.com', 'Ann', '2026-01-05T10:00:00.000Z'),"
                        + " (2, 'anne@example.com', 'Anne', '2026-01-05T10:00:00.000Z'),"
                        + " (3, 'bob@example.com', 'Bob', '2026-01-05T10:00:00.000Z')");
        config = writeShopHubSpotContactsConfig(dir, sandbox.port(), shop());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String shop() {
        return "jdbc:sqlite:" + dir.resolve("shop.db");
    }

    private static Map<String, String> env() {
        return Map.of("HUBSPOT_TOKEN", SandboxServer.DEFAULT_TOKEN);
    }

    private String hubspotId(String email) throws Exception {
        HttpResponse<String> r = hubspot.send("GET", "/crm/v3/objects/contacts/" + email + "?idProperty=email", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SandboxHttp.JSON.readTree(r.body()).get("id").asText();
    }

    private void merge(String primary, String merged) throws Exception {
        HttpResponse<String> r = hubspot.send("POST", "/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + primary + "\",\"objectIdToMerge\":\"" + merged + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private int hubspotContacts() throws Exception {
        HttpResponse<String> r = hubspot.send("GET", "/crm/v3/objects/contacts?limit=100", null);
        return SandboxHttp.JSON.readTree(r.body()).get("results").size();
    }

    @Test
    void mergeTwoLinkedContacts_survivorKeepsItsLink_mergedOnesLinkFails_nothingRecreated() throws Exception {
        assertThat(runOnly(config, env()).counts().createdB()).isEqualTo(3);
        String ann = hubspotId("ann@example.com");
        String anne = hubspotId("anne@example.com");

        merge(ann, anne);
        RunReport after = runOnly(config, env());

        assertThat(after.counts().writes()).isZero();
        assertThat(hubspotContacts()).as("the merged contact is not created again").isEqualTo(2);
        assertThat(query(shop(), "SELECT COUNT(*) FROM contacts")).isEqualTo("3");
        List<RecordRow> failed = records(config, env(), "FAILED");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).reason()).isEqualTo("RECORD_DELETED");
        assertThat(failed.get(0).message()).isEqualTo("merged into " + ann + " in hubspot");
        assertThat(failed.get(0).idA()).isEqualTo("2");
        assertThat(records(config, env(), "SYNCING")).extracting(RecordRow::idB).contains(ann)
                .doesNotContain(anne);
        assertThat(runOnly(config, env()).counts().writes()).as("a further run").isZero();
        assertThat(hubspotContacts()).isEqualTo(2);
    }

    @Test
    void mergeIntoAnUnlinkedContact_theMergedOnesLinkMovesToTheSurvivor() throws Exception {
        // No email: excluded (NO_IDENTIFIER), so it is not linked.
        HttpResponse<String> created = hubspot.send("POST", "/crm/v3/objects/contacts",
                "{\"properties\":{\"firstname\":\"Annie\"}}");
        String survivor = SandboxHttp.JSON.readTree(created.body()).get("id").asText();
        runOnly(config, env());
        assertThat(records(config, env(), "EXCLUDED")).extracting(RecordRow::idB).containsExactly(survivor);
        String anne = hubspotId("anne@example.com");

        merge(survivor, anne);
        RunReport after = runOnly(config, env());

        assertThat(after.counts().createdA() + after.counts().createdB()).isZero();
        assertThat(after.counts().updatedA()).as("the survivor's first name goes to the merged one's partner")
                .isEqualTo(1);
        assertThat(query(shop(), "SELECT first_name FROM contacts WHERE id = 2")).isEqualTo("Annie");
        assertThat(query(shop(), "SELECT email FROM contacts WHERE id = 2")).isEqualTo("anne@example.com");
        assertThat(query(shop(), "SELECT COUNT(*) FROM contacts")).isEqualTo("3");
        assertThat(records(config, env(), "SYNCING")).filteredOn(r -> "2".equals(r.idA()))
                .extracting(RecordRow::idB).containsExactly(survivor);
        assertThat(records(config, env(), "EXCLUDED")).isEmpty();
        assertThat(records(config, env(), "FAILED")).isEmpty();
        assertThat(runOnly(config, env()).counts().writes()).as("a further run").isZero();
        assertThat(hubspotContacts()).isEqualTo(3);
    }
}
