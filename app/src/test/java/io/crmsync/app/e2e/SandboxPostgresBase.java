package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.sandbox.RollingWindowRateLimiter;
import io.crmsync.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded PostgreSQL ("shop", table {@code customers}) and a HubSpot sandbox over HTTP ("hubspot"), with
 * helpers to drive the sandbox's admin routes and read its request log. Subclasses write the config.
 */
abstract class SandboxPostgresBase {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    @TempDir
    Path dir;
    SandboxServer sandbox;
    String baseUrl;
    String pgUrl;

    /** The sandbox's options: a generous rate limit, so that only injected faults throttle. */
    SandboxServer.Options sandboxOptions() {
        return SandboxServer.Options.defaults()
                .withRateLimiter(clock -> new RollingWindowRateLimiter(clock, 100_000, 10_000, 100_000_000));
    }

    /** The bearer token the test's own admin calls use. */
    String adminToken() {
        return SandboxServer.DEFAULT_TOKEN;
    }

    @BeforeEach
    void startApps() throws SQLException {
        sandbox = SandboxServer.start(0, dir.resolve("sandbox"), sandboxOptions());
        baseUrl = "http://127.0.0.1:" + sandbox.port();
        pgUrl = POSTGRES.newDatabase();
        exec(pgUrl, "CREATE TABLE customers (id SERIAL PRIMARY KEY, email TEXT, first TEXT, last TEXT,"
                + " updated_at TIMESTAMP)");
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    /** Inserts {@code n} customers {@code person<i>@example.com}, First<i>, Last<i>. */
    void insertCustomers(int n) throws SQLException {
        try (Connection c = DriverManager.getConnection(pgUrl); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO customers (email, first, last, updated_at) VALUES (?, ?, ?, now())")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, "person" + i + "@example.com");
                ps.setString(2, "First" + i);
                ps.setString(3, "Last" + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** {@link Runs#runOnly}: the config's only object sync, once. */
    static RunReport run(Path config, Map<String, String> env) {
        return Runs.runOnly(config, env);
    }

    /** {@link Runs#states}: state → reason → count of the config's object sync. */
    static Map<String, Map<String, Integer>> states(Path config, Map<String, String> env) {
        return Runs.states(config, env);
    }

    /** {@link Runs#records}: the config's object sync's records in {@code state}. */
    static List<RecordRow> records(Path config, Map<String, String> env, String state) {
        return Runs.records(config, env, state);
    }

    /**
     * Writes {@code dir/crmsync.yaml} from {@code template}, whose four {@code %s} are, in order, the state
     * store's H2 file, the sandbox token, the sandbox's base URL and the shop's PostgreSQL URL.
     */
    Path writeConfig(String template) throws java.io.IOException {
        return Runs.writeConfig(dir, template.formatted(dir.resolve("state").toAbsolutePath(), adminToken(), baseUrl,
                pgUrl));
    }

    /** Creates a HubSpot record of {@code type} through the sandbox; {@code properties} is a JSON object. */
    String create(String type, String properties) throws Exception {
        return admin("POST", "/crm/v3/objects/" + type, "{\"properties\":" + properties + "}").path("id").asText();
    }

    /** The HubSpot id of the record of {@code type} whose {@code property} is {@code value}, among the first 100. */
    String hubspotId(String type, String property, String value) throws Exception {
        for (JsonNode n : admin("GET", "/crm/v3/objects/" + type + "?limit=100&properties=" + property, null)
                .path("results")) {
            if (value.equals(n.path("properties").path(property).asText())) {
                return n.path("id").asText();
            }
        }
        throw new AssertionError("no " + type + " with " + property + " = " + value + " in HubSpot");
    }

    JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sandbox's request log: every API call with its wall-clock time and injected status. */
    List<JsonNode> requests() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        admin("GET", "/_sandbox/requests", null).path("results").forEach(out::add);
        return out;
    }

    /** email → "first|last" over the sandbox's contacts. */
    Map<String, String> hubspotByEmail() throws Exception {
        Map<String, String> out = new TreeMap<>();
        String after = null;
        do {
            HttpResponse<String> r = send("GET", "/crm/v3/objects/contacts?limit=100&properties=email,firstname,"
                    + "lastname" + (after == null ? "" : "&after=" + after), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            for (JsonNode n : page.path("results")) {
                JsonNode p = n.path("properties");
                out.put(p.path("email").asText(), p.path("firstname").asText() + "|" + p.path("lastname").asText());
            }
            JsonNode next = page.path("paging").path("next").path("after");
            after = next.isMissingNode() || next.isNull() ? null : next.asText();
        } while (after != null);
        return out;
    }

    /**
     * Writes {@code crmsync.yaml} into {@code dir}: the sandbox's contacts ({@code hubspotAuth}: the hubspot app's
     * credential lines, each ending in a newline) and the shop's customers table ({@code shopExtra}: more shop app
     * lines), synced {@code shop -> hubspot}.
     */
    Path writeShopToHubSpotConfig(Path dir, String hubspotAuth, String shopExtra) throws java.io.IOException {
        String yaml = """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                %s    baseUrl: %s
                    objects: [contacts]
                    requestsPer10s: 1000
                  shop:
                    type: jdbc
                    url: %s
                %s    objects:
                      customers:
                        table: customers
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first, type: string}
                          lastname: {column: last, type: string}
                syncs:
                  shop-hubspot:
                    apps: [shop, hubspot]
                    objects:
                      contacts:
                        types: {shop: customers, hubspot: contacts}
                        direction: "shop -> hubspot"
                """.formatted(dir.resolve("state").toAbsolutePath(), hubspotAuth, baseUrl, pgUrl, shopExtra);
        Path file = dir.resolve("crmsync.yaml");
        java.nio.file.Files.writeString(file, yaml);
        return file;
    }
}
