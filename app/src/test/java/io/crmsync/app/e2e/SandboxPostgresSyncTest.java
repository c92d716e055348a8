package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Runs.runOnly;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.app.bind.Workspace;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the config file (issue 3, "End-to-end two-way sync sandbox ↔ PostgreSQL" and "Fault runs"):
 * contacts between the local HubSpot sandbox ("hubspot", over HTTP) and an embedded PostgreSQL ("shop"), with the
 * state store in an H2 file.
 */
class SandboxPostgresSyncTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    @TempDir
    Path dir;
    private SandboxServer sandbox;
    private String baseUrl;
    private String pgUrl;

    @BeforeEach
    void start() throws SQLException {
        // A generous rate limit: only injected faults throttle.
        sandbox = SandboxServer.start(0, dir.resolve("sandbox"), SandboxServer.Options.defaults()
                .withRateLimiter(clock -> new RollingWindowRateLimiter(clock, 100_000, 10_000, 100_000_000)));
        baseUrl = "http://127.0.0.1:" + sandbox.port();
        pgUrl = POSTGRES.newDatabase();
        exec(pgUrl, "CREATE TABLE customers (id SERIAL PRIMARY KEY, email TEXT, first TEXT, last TEXT,"
                + " updated_at TIMESTAMP)");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    // ---------------------------------------------------------------- tests

    @Test
    @Timeout(120)
    void twoWay_sandboxAndPostgres_matchMergeCreateSettleThenIncrementalEdits() throws Exception {
        seedSandbox(
                contact("Ann@Example.com", "Ann", "Lee"),
                contact("bob@example.com", "Bob", null),
                contact("hub.only@example.com", "Hu", "Only"),
                contact(null, "No", "Email"));
        exec(pgUrl, "INSERT INTO customers (email, first, last, updated_at) VALUES"
                + " (' ann@example.com', 'Annie', 'Lee', now()),"
                + " ('bob@example.com', 'Bobby', 'Kim', now()),"
                + " ('shop.only@example.com', 'Sho', 'Only', now()),"
                + " (NULL, 'Nomail', 'Shop', now())");
        Path cfg = config();

        RunReport first = run(cfg);
        assertThat(first.counts().matched()).isEqualTo(2);
        assertThat(first.counts().createdA()).as("created in hubspot").isEqualTo(1);
        assertThat(first.counts().createdB()).as("created in shop").isEqualTo(1);
        assertThat(first.counts().conflicts()).isEqualTo(2); // Ann/Annie, Bob/Bobby: hubspot (default app) wins
        assertThat(first.excluded()).containsEntry("NO_IDENTIFIER", 2);

        Map<String, String> hub = hubspotByEmail();
        Map<String, String> shop = shopByEmail();
        assertThat(hub).isEqualTo(shop);
        assertThat(hub).containsOnlyKeys("ann@example.com", "bob@example.com", "hub.only@example.com",
                "shop.only@example.com");
        assertThat(hub).containsEntry("ann@example.com", "Ann|Lee")
                .containsEntry("bob@example.com", "Bob|Kim") // conflict: hubspot's Bob; gap: shop's Kim fills it
                .containsEntry("hub.only@example.com", "Hu|Only")
                .containsEntry("shop.only@example.com", "Sho|Only");
        // The contacts without email stay where they were: never created on the other side.
        assertThat(allHubspotContacts()).hasSize(5);
        assertThat(count(pgUrl, "SELECT COUNT(*) FROM customers")).isEqualTo(5);

        assertThat(run(cfg).counts().writes()).isZero();

        // One edit on each side.
        String hubAnn = hubspotIdByEmail("ann@example.com");
        patchContact(hubAnn, Map.of("lastname", "Leeson"));
        exec(pgUrl, "UPDATE customers SET first = 'Shona', updated_at = now() + interval '1 second'"
                + " WHERE email = 'shop.only@example.com'");
        RunReport edit = run(cfg);
        assertThat(edit.counts().updatedA()).as("updated in hubspot").isEqualTo(1);
        assertThat(edit.counts().updatedB()).as("updated in shop").isEqualTo(1);
        assertThat(edit.counts().writes()).isEqualTo(2);
        assertThat(shopByEmail()).containsEntry("ann@example.com", "Ann|Leeson");
        assertThat(hubspotByEmail()).containsEntry("shop.only@example.com", "Shona|Only");
        assertThat(hubspotByEmail()).isEqualTo(shopByEmail());

        assertThat(run(cfg).counts().writes()).isZero();
    }

    @Test
    @Timeout(180)
    void faultRun_2000ContactsFromPostgres_everyValidOneExactlyOnce_invalidOnesFailed() throws Exception {
        int valid = 2000;
        List<String> invalid = List.of("not-an-email", "two@@at.example.com", "still not@an email");
        try (Connection c = DriverManager.getConnection(pgUrl); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO customers (email, first, last, updated_at) VALUES (?, ?, ?, now())")) {
            for (int i = 0; i < valid; i++) {
                ps.setString(1, "person" + i + "@example.com");
                ps.setString(2, "First" + i);
                ps.setString(3, "Last" + i);
                ps.addBatch();
            }
            for (String email : invalid) {
                ps.setString(1, email);
                ps.setString(2, "Bad");
                ps.setString(3, "Email");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Path cfg = config();
        String faults = "{\"rateLimited\":0.10,\"serverError\":0.05,\"slowRate\":0.05,\"slowMillis\":200,"
                + "\"retryAfterSeconds\":1,\"seed\":7}";
        // The faults really are injected: 100 probe calls see both 429s and 500s.
        admin("/_sandbox/faults", faults);
        Map<Integer, Long> probe = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            probe.merge(send("GET", "/crm/v3/objects/contacts?limit=1", null).statusCode(), 1L, Long::sum);
        }
        assertThat(probe).as("probe statuses").containsKeys(200, 429, 500);
        admin("/_sandbox/faults", faults); // re-seeded: the run sees the same fault sequence every time
        long t0 = System.nanoTime();
        List<RunReport> faulted = new ArrayList<>();
        faulted.add(run(cfg));
        faulted.add(run(cfg)); // transient failures carry over to the next run
        admin("/_sandbox/faults", "{}");
        RunReport clean = run(cfg);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;

        List<JsonNode> contacts = allHubspotContacts();
        Map<String, Long> byEmail = contacts.stream().collect(Collectors.groupingBy(
                n -> n.path("properties").path("email").asText("").strip().toLowerCase(), TreeMap::new,
                Collectors.counting()));
        assertThat(byEmail.entrySet()).as("duplicates in the sandbox").allMatch(e -> e.getValue() == 1);
        assertThat(contacts).as("every valid contact exactly once, no invalid one").hasSize(valid);
        for (int i = 0; i < valid; i++) {
            assertThat(byEmail).containsKey("person" + i + "@example.com");
        }
        Map<String, String> hub = hubspotByEmail();
        assertThat(hub).containsEntry("person0@example.com", "First0|Last0")
                .containsEntry("person1999@example.com", "First1999|Last1999");
        assertThat(count(pgUrl, "SELECT COUNT(*) FROM customers")).isEqualTo(valid + invalid.size());

        try (Workspace w = Workspace.open(cfg, Map.of())) {
            Workspace.BoundObjectSync os = w.objectSyncs().get(0);
            long id = w.store().objectSyncId(os.ref().sync(), os.ref().object(), os.ref().typeA(), os.ref().typeB());
            Map<String, Map<String, Integer>> states = w.store().runs().stateCounts(id);
            assertThat(states.get("FAILED")).as("states " + states).isEqualTo(Map.of("INVALID_VALUE", invalid.size()));
            assertThat(states.get("SYNCING")).as("states " + states).containsValue(valid);
            List<RecordRow> failed = w.store().runs().records(id, "FAILED", null, null, 100);
            assertThat(failed).hasSize(invalid.size()).allMatch(r -> "INVALID_VALUE".equals(r.reason()));
        }
        // Nothing left to do.
        assertThat(run(cfg).counts().writes()).as("faulted runs " + faulted.stream().map(RunReport::counts).toList()
                + ", clean run " + clean.counts() + " in " + seconds + " s").isZero();
        assertThat(allHubspotContacts()).hasSize(valid);
    }

    // ---------------------------------------------------------------- config and runs

    private Path config() throws Exception {
        String yaml = """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    token: sandbox-token
                    baseUrl: %s
                    objects: [contacts]
                    requestsPer10s: 1000
                  shop:
                    type: jdbc
                    url: %s
                    objects:
                      customers:
                        table: customers
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first, type: string}
                          lastname: {column: last, type: string}
                syncs:
                  hubspot-shop:
                    apps: [hubspot, shop]
                    objects:
                      contacts:
                        types: {hubspot: contacts, shop: customers}
                        direction: two-way
                        defaultApp: hubspot
                """.formatted(dir.resolve("state").toAbsolutePath(), baseUrl, pgUrl);
        return writeConfig(dir, yaml);
    }

    private static RunReport run(Path config) {
        return runOnly(config, Map.of());
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static int count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** email (trimmed, lower-cased) → "first|last", rows with an email only; fails on a duplicate. */
    private Map<String, String> shopByEmail() throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(pgUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email, first, last FROM customers WHERE email IS NOT NULL")) {
            while (rs.next()) {
                String prev = out.put(rs.getString(1).strip().toLowerCase(), rs.getString(2) + "|" + rs.getString(3));
                assertThat(prev).as("duplicate email " + rs.getString(1) + " in shop").isNull();
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- sandbox over HTTP

    private static ObjectNode contact(String email, String first, String last) {
        ObjectNode n = JSON.createObjectNode();
        if (email != null) {
            n.put("email", email);
        }
        if (first != null) {
            n.put("firstname", first);
        }
        if (last != null) {
            n.put("lastname", last);
        }
        return n;
    }

    private void seedSandbox(ObjectNode... contacts) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("contacts");
        for (ObjectNode c : contacts) {
            list.add(c);
        }
        HttpResponse<String> r = send("POST", "/_sandbox/seed", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private void admin(String path, String body) throws Exception {
        HttpResponse<String> r = send("POST", path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private void patchContact(String id, Map<String, String> properties) throws Exception {
        HttpResponse<String> r = send("PATCH", "/crm/v3/objects/contacts/" + id,
                JSON.writeValueAsString(Map.of("properties", properties)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + SandboxServer.DEFAULT_TOKEN)
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every (non-archived) contact, read page by page with the list endpoint. */
    private List<JsonNode> allHubspotContacts() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String after = null;
        Set<String> seenCursors = new java.util.HashSet<>();
        do {
            HttpResponse<String> r = send("GET", "/crm/v3/objects/contacts?limit=100&properties=email,firstname,lastname"
                    + (after == null ? "" : "&after=" + after), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            page.path("results").forEach(out::add);
            JsonNode next = page.path("paging").path("next").path("after");
            after = next.isMissingNode() || next.isNull() ? null : next.asText();
            assertThat(after == null || seenCursors.add(after)).as("paging loops at " + after).isTrue();
        } while (after != null);
        return out;
    }

    /** email (lower-cased) → "first|last" over the sandbox's contacts with an email; fails on a duplicate. */
    private Map<String, String> hubspotByEmail() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode n : allHubspotContacts()) {
            JsonNode p = n.path("properties");
            String email = text(p, "email");
            if (email == null) {
                continue;
            }
            String prev = out.put(email.strip().toLowerCase(), text(p, "firstname") + "|" + text(p, "lastname"));
            assertThat(prev).as("duplicate email " + email + " in the sandbox").isNull();
        }
        return out;
    }

    private String hubspotIdByEmail(String email) throws Exception {
        for (JsonNode n : allHubspotContacts()) {
            String e = text(n.path("properties"), "email");
            if (e != null && e.strip().equalsIgnoreCase(email)) {
                return n.path("id").asText();
            }
        }
        throw new AssertionError("no contact " + email + " in the sandbox");
    }

    private static String text(JsonNode props, String name) {
        JsonNode v = props.get(name);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
