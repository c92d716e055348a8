package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.SHOP_CONTACTS_TABLE;
import static io.crmsync.app.e2e.Runs.writeShopHubSpotContactsConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.app.cli.CliRun;
import io.crmsync.sandbox.SandboxServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync undo} of runs that wrote into the HubSpot sandbox (over HTTP) from a SQLite shop. */
class HubSpotUndoE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_ID = Pattern.compile("run id +(\\d+)");
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
                        + " (2, 'bob@example.com', 'Bob', '2026-01-05T10:00:00.000Z'),"
                        + " (3, 'cy@example.com', 'Cy', '2026-01-05T10:00:00.000Z')");
        config = writeShopHubSpotContactsConfig(dir, sandbox.port(), shop());
        assertThat(cli("run").code()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String shop() {
        return "jdbc:sqlite:" + dir.resolve("shop.db");
    }

    private CliRun.Result cli(String... args) {
        return CliRun.withConfig(Map.of("HUBSPOT_TOKEN", SandboxServer.DEFAULT_TOKEN), config, args);
    }

    private long runId() {
        CliRun.Result r = cli("run");
        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = RUN_ID.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The writes of one run; its exit code is 1 only when a record stands FAILED. */
    private int writes() throws Exception {
        CliRun.Result r = cli("run", "--json");
        JsonNode os = JSON.readTree(r.out()).get("objectSyncs").get(0);
        assertThat(r.code()).as(r.err()).isEqualTo(os.get("failed").isEmpty() ? 0 : 1);
        return os.get("writes").asInt();
    }

    /** The HubSpot contact with this email, or {@code null} when there is none (404). */
    private JsonNode contact(String email) throws Exception {
        HttpResponse<String> r = hubspot.send("GET", "/crm/v3/objects/contacts/" + email
                + "?idProperty=email&properties=firstname", null);
        return r.statusCode() == 404 ? null : JSON.readTree(r.body());
    }

    private String firstname(String email) throws Exception {
        return contact(email).path("properties").path("firstname").asText();
    }

    @Test
    void undo_runUpdatedThreeInHubSpot_oneEditedThereSince_revertsTwoReportsTheThird() throws Exception {
        exec(shop(), "UPDATE contacts SET first_name = first_name || ' Jr', updated_at = '2026-01-06T10:00:00.000Z'");
        long run = runId();
        assertThat(firstname("ann@example.com")).isEqualTo("Ann Jr");
        String cy = contact("cy@example.com").get("id").asText();
        assertThat(hubspot.send("PATCH", "/crm/v3/objects/contacts/" + cy, "{\"properties\":{\"firstname\":\"Cyrus\"}}")
                .statusCode()).isEqualTo(200);

        CliRun.Result undo = cli("undo", Long.toString(run), "--yes");

        assertThat(undo.code()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("hubspot contacts " + cy + ": firstname changed since run " + run
                + ", left alone (now \"Cyrus\"; the run wrote \"Cy Jr\")").contains("undone: 2 records written");
        assertThat(firstname("ann@example.com")).isEqualTo("Ann");
        assertThat(firstname("bob@example.com")).isEqualTo("Bob");
        assertThat(firstname("cy@example.com")).isEqualTo("Cyrus");
        assertThat(query(shop(), "SELECT first_name FROM contacts WHERE id = 1")).as("the shop keeps its edit")
                .isEqualTo("Ann Jr");
        assertThat(writes()).as("only Cy's own edit in HubSpot syncs").isEqualTo(1);
        assertThat(query(shop(), "SELECT first_name FROM contacts WHERE id = 3")).isEqualTo("Cyrus");
        assertThat(firstname("ann@example.com")).isEqualTo("Ann");
        assertThat(writes()).isZero();
    }

    @Test
    void undo_runThatCreatedInHubSpot_archivesIt_andTheNextRunWritesNothing() throws Exception {
        exec(shop(), "INSERT INTO contacts VALUES (4, 'dan@example.com', 'Dan', '2026-01-06T10:00:00.000Z')");
        long run = runId();
        assertThat(contact("dan@example.com")).isNotNull();

        CliRun.Result undo = cli("undo", Long.toString(run), "--yes");

        assertThat(undo.code()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("archive").contains("(created by run " + run + ")");
        assertThat(contact("dan@example.com")).isNull();
        assertThat(writes()).isZero();
        assertThat(contact("dan@example.com")).as("not created again").isNull();
        JsonNode status = JSON.readTree(cli("status", "--json").out()).get("objectSyncs").get(0);
        assertThat(status.get("failed").get("RECORD_DELETED").asInt()).as("a deleted partner, resyncable")
                .isEqualTo(1);
        assertThat(query(shop(), "SELECT COUNT(*) FROM contacts")).isEqualTo("4");
    }
}
