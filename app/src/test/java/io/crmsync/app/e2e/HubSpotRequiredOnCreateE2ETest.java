package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.records;
import static io.crmsync.app.e2e.Runs.runOnly;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deals from a SQLite shop into the HubSpot sandbox (over HTTP), which requires dealname, dealstage and pipeline on
 * create (hubspot.md §B.1): a shop deal whose stage HubSpot has no option for is not created but FAILED with
 * REQUIRED_FIELD_MISSING (in the plan too), and created once the stage is fixed in the shop; on an existing deal
 * the same stage is a field failure only.
 */
class HubSpotRequiredOnCreateE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private SandboxServer sandbox;

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(0, dir.resolve("hubspot"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String shop() {
        return "jdbc:sqlite:" + dir.resolve("shop.db");
    }

    private Path config() throws Exception {
        return writeConfig(dir, """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    token: ${HUBSPOT_TOKEN}
                    baseUrl: http://127.0.0.1:%d
                    objects: [deals]
                  shop:
                    type: jdbc
                    url: "%s"
                    objects:
                      deals:
                        table: deals
                        id: id
                        updatedAt: updated_at
                        properties:
                          dealname: {column: name, type: string}
                          dealstage: {column: stage, type: enumeration}
                          pipeline: {column: pipeline, type: enumeration}
                syncs:
                  shop-hubspot:
                    apps: [shop, hubspot]
                    objects:
                      deals:
                        types: {shop: deals, hubspot: deals}
                        direction: two-way
                        defaultApp: shop
                """.formatted(dir.resolve("state"), sandbox.port(), shop()));
    }

    private static Map<String, String> env() {
        return Map.of("HUBSPOT_TOKEN", SandboxServer.DEFAULT_TOKEN);
    }

    /** The HubSpot deals by name: name → stage. */
    private Map<String, String> hubspotDeals() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port()
                        + "/crm/v3/objects/deals?limit=100&properties=dealname,dealstage"))
                .header("Authorization", "Bearer " + SandboxServer.DEFAULT_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> out = new java.util.TreeMap<>();
        for (JsonNode deal : JSON.readTree(r.body()).path("results")) {
            out.put(deal.path("properties").path("dealname").asText(),
                    deal.path("properties").path("dealstage").asText());
        }
        return out;
    }

    private static RunReport plan(Path config) {
        try (Workspace w = Workspace.open(config, env())) {
            return w.run(w.objectSyncs().get(0), RunOptions.defaults().withDryRun(true), null);
        }
    }

    @Test
    void shopDeal_unknownStage_failsRequiredFieldMissing_noHubSpotDeal_thenCreatedOnceFixed() throws Exception {
        exec(shop(), "CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT, stage TEXT, pipeline TEXT,"
                        + " updated_at TEXT)",
                "INSERT INTO deals VALUES (1, 'Big', 'No Such Stage', 'default', '2026-01-05T10:00:00.000Z'),"
                        + " (2, 'Small', 'appointmentscheduled', 'default', '2026-01-05T10:00:00.000Z')");
        Path cfg = config();

        RunReport planned = plan(cfg);
        assertThat(planned.failed()).containsEntry("REQUIRED_FIELD_MISSING", 1);
        assertThat(hubspotDeals()).isEmpty();

        RunReport first = runOnly(cfg, env());

        assertThat(first.counts().createdB()).isEqualTo(1);
        assertThat(hubspotDeals()).containsOnlyKeys("Small");
        List<RecordRow> failed = records(cfg, env(), "FAILED");
        assertThat(failed).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("REQUIRED_FIELD_MISSING");
            assertThat(r.message()).contains("dealstage").contains("No Such Stage");
        });
        assertThat(runOnly(cfg, env()).counts().writes()).isZero();

        exec(shop(), "UPDATE deals SET stage = 'closedwon', updated_at = '2026-01-06T10:00:00.000Z' WHERE id = 1");
        RunReport fixed = runOnly(cfg, env());

        assertThat(fixed.counts().createdB()).isEqualTo(1);
        assertThat(hubspotDeals()).containsEntry("Big", "closedwon").containsEntry("Small", "appointmentscheduled");
        assertThat(records(cfg, env(), "FAILED")).isEmpty();

        exec(shop(), "UPDATE deals SET stage = 'No Such Stage', name = 'Bigger',"
                + " updated_at = '2026-01-07T10:00:00.000Z' WHERE id = 1");
        RunReport update = runOnly(cfg, env());

        assertThat(update.failed()).containsOnlyKeys("INVALID_OPTION");
        assertThat(hubspotDeals()).containsEntry("Bigger", "closedwon").doesNotContainKey("Big");
        assertThat(query(shop(), "SELECT stage FROM deals WHERE id = 1")).isEqualTo("No Such Stage");
    }
}
