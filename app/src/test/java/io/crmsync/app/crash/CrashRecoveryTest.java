package io.crmsync.app.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §2.4, "kill the process at any moment and rerun: no duplicates, nothing lost", end to end: a real
 * child JVM runs a two-way initial sync of 5,000 contacts between two SQLite files with an H2 state store, is
 * paused at a {@link io.crmsync.engine.run.CrashPoints crash point} ({@code CRMSYNC_PAUSE_AT}) and killed with
 * SIGKILL; a fresh child then runs to completion, and one more run must write nothing.
 *
 * <p>Data: 2,500 contacts only in crm, 1,500 only in shop, 1,000 in both (same email, some spelt with other
 * capitals in shop, some last names different, some names empty on one side). With a chunk size of
 * 500 the plan is 2 chunks of matches, 5 chunks of creates into shop, 3 chunks of creates into crm; each
 * scenario first checks, at the moment of the kill, that it stopped in the chunk it claims to (table counts
 * and the create intents in flight, by target app).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrashRecoveryTest {
    private static final int CRM_ONLY = 2500;
    private static final int SHOP_ONLY = 1500;
    private static final int BOTH = 1000;
    private static final int TOTAL = CRM_ONLY + SHOP_ONLY + BOTH;
    /** Records per chunk: the kill points below count chunks of this size. */
    private static final int CHUNK = 500;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- scenarios

    @Test
    @DisplayName("killedAfterIntentStored [intent-stored:3] (3rd create chunk: intents stored, nothing written) "
            + "-> rerun: no duplicates, nothing missing, then zero writes")
    void killedAfterIntentStored_rerun_noDuplicatesNothingMissing() throws Exception {
        crashAndRecover(CHUNK, new Kill("intent-stored:3", 3500, 3500, Map.of("B", 500)));
    }

    @Test
    @DisplayName("killedAfterAppWrite [app-written:3] (chunk creating into shop, written, not committed) "
            + "-> rerun: no duplicates, nothing missing, then zero writes")
    void killedAfterAppWrite_rerun_noDuplicatesNothingMissing() throws Exception {
        crashAndRecover(CHUNK, new Kill("app-written:3", 3500, 3000, Map.of("B", 500)));
    }

    @Test
    @DisplayName("killedAfterAppWriteIntoCrm [app-written:8] (chunk creating into crm only, written, not committed) "
            + "-> rerun: no duplicates, nothing missing, then zero writes")
    void killedAfterAppWriteIntoCrm_rerun_noDuplicatesNothingMissing() throws Exception {
        crashAndRecover(CHUNK, new Kill("app-written:8", 4000, TOTAL, Map.of("A", 500)));
    }

    @Test
    @DisplayName("killedAfterAppWriteIntoBothApps [app-written:12, chunk 300] (one chunk creating into crm and "
            + "shop, written to both, not committed) -> rerun: no duplicates, nothing missing, then zero writes")
    void killedAfterAppWriteIntoBothApps_rerun_noDuplicatesNothingMissing() throws Exception {
        // Chunk 12 of 300 holds pairs 3,300..3,599: the last 200 creates into shop and the first 100 into crm.
        crashAndRecover(300, new Kill("app-written:12", 3600, TOTAL, Map.of("A", 100, "B", 200)));
    }

    @Test
    @DisplayName("killedBetweenChunks [mid-run:2] (matches committed, no create started) "
            + "-> rerun: no duplicates, nothing missing, then zero writes")
    void killedBetweenChunks_rerun_noDuplicatesNothingMissing() throws Exception {
        crashAndRecover(CHUNK, new Kill("mid-run:2", CRM_ONLY + BOTH, SHOP_ONLY + BOTH, Map.of()));
    }

    @Test
    @DisplayName("killedBeforeCheckpoint [before-checkpoint:1] (everything written and committed, no checkpoint) "
            + "-> rerun: no duplicates, nothing missing, then zero writes")
    void killedBeforeCheckpoint_rerun_noDuplicatesNothingMissing() throws Exception {
        crashAndRecover(CHUNK, new Kill("before-checkpoint:1", TOTAL, TOTAL, Map.of()));
    }

    @Test
    @DisplayName("killedTwice [app-written:3, then app-written:4 in the recovering run] "
            + "-> rerun: no duplicates, nothing missing, then zero writes")
    void killedTwice_rerun_noDuplicatesNothingMissing() throws Exception {
        crashAndRecover(CHUNK, new Kill("app-written:3", 3500, 3000, Map.of("B", 500)),
                new Kill("app-written:4", -1, -1, null));
    }

    // ---------------------------------------------------------------- the procedure

    /**
     * Where to stop a child, and what the apps and the state store must hold right after the kill (a count of
     * -1 or {@code null} intents: not checked).
     *
     * @param point          {@code CRMSYNC_PAUSE_AT} value, {@code name:n}
     * @param crmRows        rows in crm.contacts at the kill
     * @param shopRows       rows in shop.customers at the kill
     * @param pendingIntents create intents in flight by target side (A = crm, B = shop)
     */
    record Kill(String point, int crmRows, int shopRows, Map<String, Integer> pendingIntents) {
    }

    private void crashAndRecover(int chunkSize, Kill... kills) throws Exception {
        long started = System.nanoTime();
        seed();
        Path config = writeConfig();
        for (Kill kill : kills) {
            runAndKill(config, chunkSize, kill.point());
            if (kill.crmRows() >= 0) {
                assertThat(count(crmUrl(), "contacts")).as("crm rows right after the kill at %s (scenario "
                        + "precondition: the plan's chunk order changed?)", kill.point()).isEqualTo(kill.crmRows());
            }
            if (kill.shopRows() >= 0) {
                assertThat(count(shopUrl(), "customers")).as("shop rows right after the kill at %s (scenario "
                        + "precondition: the plan's chunk order changed?)", kill.point()).isEqualTo(kill.shopRows());
            }
            if (kill.pendingIntents() != null) {
                assertThat(pendingIntents()).as("create intents in flight at the kill at %s, by target side (the"
                        + " intents of the chunk in flight must be durable before the app is called; commits lost"
                        + " by the kill, e.g. an H2 write delay, show here)", kill.point())
                        .isEqualTo(kill.pendingIntents());
            }
        }

        CrashHarness.RunResult recovery = runToEnd(config, chunkSize);
        assertThat(recovery.exitCode()).as("exit code of the recovering run; output:\n%s", recovery).isZero();
        assertThat(recovery.failed()).as("records failed in the recovering run:\n%s", recovery).isZero();
        assertConverged();
        Snapshot before = snapshot();

        CrashHarness.RunResult extra = runToEnd(config, chunkSize);
        assertThat(extra.exitCode()).as("exit code of the extra run; output:\n%s", extra).isZero();
        assertThat(extra.initial()).as("the extra run is incremental (checkpoints saved):\n%s", extra).isFalse();
        assertThat(extra.writes()).as("writes reported by the extra run:\n%s", extra).isZero();
        Snapshot after = snapshot();
        assertThat(after.crm()).as("crm.contacts changed by the extra run").isEqualTo(before.crm());
        assertThat(after.shop()).as("shop.customers changed by the extra run").isEqualTo(before.shop());
        assertStateStore();
        System.out.printf("%s: %.1f s%n", Arrays.stream(kills).map(Kill::point).collect(Collectors.joining(", ")),
                (System.nanoTime() - started) / 1e9);
    }

    private void assertConverged() throws SQLException {
        Map<String, String[]> expected = expected();
        Map<String, String[]> crm = byEmail(crmUrl(), "contacts", "crm");
        Map<String, String[]> shop = byEmail(shopUrl(), "customers", "shop");
        assertThat(crm.keySet()).as("emails in crm").isEqualTo(expected.keySet());
        assertThat(shop.keySet()).as("emails in shop").isEqualTo(expected.keySet());
        List<String> disagree = new ArrayList<>();
        for (Map.Entry<String, String[]> e : expected.entrySet()) {
            String[] c = crm.get(e.getKey());
            String[] s = shop.get(e.getKey());
            if (!Arrays.equals(c, s) || !Arrays.equals(c, e.getValue())) {
                disagree.add(e.getKey() + ": expected " + Arrays.toString(e.getValue()) + ", crm "
                        + Arrays.toString(c) + ", shop " + Arrays.toString(s));
            }
        }
        if (!disagree.isEmpty()) {
            fail(disagree.size() + " records whose first/last names differ between the apps or from the expected"
                    + " merge, e.g.:\n" + String.join("\n", disagree.subList(0, Math.min(20, disagree.size()))));
        }
    }

    private void assertStateStore() throws SQLException {
        try (Connection c = DriverManager.getConnection(stateUrl(), "", "");
             Statement st = c.createStatement()) {
            Map<String, Integer> states = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("SELECT state, COUNT(*) FROM links GROUP BY state")) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getInt(2));
                }
            }
            assertThat(states).as("links by state after recovery").isEqualTo(Map.of("SYNCING", TOTAL));
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM links WHERE id_a IS NOT NULL AND id_b IS NOT NULL"
                    + " AND intent_side IS NULL")) {
                rs.next();
                assertThat(rs.getInt(1)).as("paired links without a create intent").isEqualTo(TOTAL);
            }
            try (ResultSet rs = st.executeQuery("SELECT status, initial_sync, created_a + created_b + updated_a"
                    + " + updated_b + deleted_a + deleted_b, failed FROM runs ORDER BY id DESC LIMIT 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("status of the last run").isEqualTo("DONE");
                assertThat(rs.getBoolean(2)).as("last run is an initial sync").isFalse();
                assertThat(rs.getInt(3)).as("writes of the last run in the state store").isZero();
                assertThat(rs.getInt(4)).as("failures of the last run in the state store").isZero();
            }
        }
    }

    // ---------------------------------------------------------------- child processes

    private static CrashHarness harness;

    @BeforeAll
    static void copyClassPath(@TempDir Path copies) throws IOException {
        harness = CrashHarness.withClassPathCopiedTo(copies);
    }

    private void runAndKill(Path config, int chunkSize, String point) throws Exception {
        harness.runAndKill(config, chunkSize, point);
    }

    private CrashHarness.RunResult runToEnd(Path config, int chunkSize) throws Exception {
        return harness.runToEnd(config, chunkSize);
    }

    // ---------------------------------------------------------------- data

    private String crmUrl() {
        return "jdbc:sqlite:" + dir.resolve("crm.db");
    }

    private String shopUrl() {
        return "jdbc:sqlite:" + dir.resolve("shop.db");
    }

    private String stateUrl() {
        return "jdbc:h2:file:" + dir.resolve("state");
    }

    private Path writeConfig() throws IOException {
        String props = """
                    properties:
                      email: {column: email, type: string}
                      firstname: {column: first_name, type: string}
                      lastname: {column: last_name, type: string}
                """;
        String yaml = "state: \"" + stateUrl() + "\"\n"
                + "apps:\n"
                + "  crm:\n"
                + "    type: jdbc\n"
                + "    url: \"" + crmUrl() + "\"\n"
                + "    objects:\n"
                + "      contacts:\n"
                + "        table: contacts\n"
                + "        id: id\n"
                + "        updatedAt: updated_at\n"
                + props.indent(4)
                + "  shop:\n"
                + "    type: jdbc\n"
                + "    url: \"" + shopUrl() + "\"\n"
                + "    objects:\n"
                + "      customers:\n"
                + "        table: customers\n"
                + "        id: id\n"
                + "        updatedAt: updated_at\n"
                + props.indent(4)
                + """
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      contacts:
                        types: {crm: contacts, shop: customers}
                        direction: two-way
                        defaultApp: crm
                """;
        Path file = dir.resolve("crmsync.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /**
     * crm: 2,500 own contacts, then the 1,000 shared ones; shop: 1,500 own customers, then the shared ones.
     * Shared contact i: shop spells every 7th email with capitals, has another last name for every 4th (crm,
     * the default app, wins), no first name for every 10th+3 (filled from crm); crm has no last name for every
     * 10th+7 (filled from shop).
     */
    private void seed() throws SQLException {
        List<String[]> crm = new ArrayList<>();
        List<String[]> shop = new ArrayList<>();
        for (int i = 0; i < CRM_ONLY; i++) {
            crm.add(new String[] {"crm" + i + "@example.com", "Cf" + i, "Cl" + i});
        }
        for (int i = 0; i < SHOP_ONLY; i++) {
            shop.add(new String[] {"shop" + i + "@example.org", "Sf" + i, "Sl" + i});
        }
        for (int i = 0; i < BOTH; i++) {
            String email = "both" + i + "@example.net";
            crm.add(new String[] {email, "Bf" + i, i % 10 == 7 ? null : "Bl" + i});
            shop.add(new String[] {i % 7 == 0 ? "Both" + i + "@Example.NET" : email, i % 10 == 3 ? null : "Bf" + i,
                    i % 4 == 0 ? "Other" + i : "Bl" + i});
        }
        insert(crmUrl(), "contacts", crm);
        insert(shopUrl(), "customers", shop);
    }

    /** Normalised email to [first name, last name] after a correct sync. */
    private static Map<String, String[]> expected() {
        Map<String, String[]> out = new HashMap<>();
        for (int i = 0; i < CRM_ONLY; i++) {
            out.put("crm" + i + "@example.com", new String[] {"Cf" + i, "Cl" + i});
        }
        for (int i = 0; i < SHOP_ONLY; i++) {
            out.put("shop" + i + "@example.org", new String[] {"Sf" + i, "Sl" + i});
        }
        for (int i = 0; i < BOTH; i++) {
            out.put("both" + i + "@example.net", new String[] {"Bf" + i, "Bl" + i});
        }
        return out;
    }

    private static void insert(String url, String table, List<String[]> rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT,"
                        + " last_name TEXT, updated_at TEXT)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (email, first_name, last_name, updated_at) VALUES (?, ?, ?, ?)")) {
                for (String[] r : rows) {
                    ps.setString(1, r[0]);
                    ps.setString(2, r[1]);
                    ps.setString(3, r[2]);
                    ps.setString(4, "2024-01-01T00:00:00.000Z");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static String normalise(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Normalised email to [first, last]; fails on a duplicate or a missing email. */
    private static Map<String, String[]> byEmail(String url, String table, String app) throws SQLException {
        Map<String, String[]> out = new HashMap<>();
        Map<String, Integer> duplicates = new TreeMap<>();
        int noEmail = 0;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email, first_name, last_name FROM " + table)) {
            while (rs.next()) {
                String email = normalise(rs.getString(1));
                if (email == null || email.isEmpty()) {
                    noEmail++;
                    continue;
                }
                if (out.put(email, new String[] {rs.getString(2), rs.getString(3)}) != null) {
                    duplicates.merge(email, 2, (a, b) -> a + 1);
                }
            }
        }
        assertThat(duplicates).as("duplicated emails in %s (email -> rows)", app).isEmpty();
        assertThat(noEmail).as("rows without an email in %s", app).isZero();
        assertThat(out).as("rows in %s", app).hasSize(TOTAL);
        return out;
    }

    private static int count(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Create intents in flight (table {@code create_intents}) by target side. */
    private Map<String, Integer> pendingIntents() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(stateUrl(), "", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT intent_side, COUNT(*) FROM create_intents GROUP BY intent_side")) {
            while (rs.next()) {
                out.put(Objects.toString(rs.getString(1), "null").trim(), rs.getInt(2));
            }
        }
        return out;
    }

    /** Every row of both tables, updated_at included. */
    record Snapshot(List<String> crm, List<String> shop) {
    }

    private Snapshot snapshot() throws SQLException {
        return new Snapshot(rows(crmUrl(), "contacts"), rows(shopUrl(), "customers"));
    }

    private static List<String> rows(String url, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, email, first_name, last_name, updated_at FROM " + table
                     + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                        + "|" + rs.getString(5));
            }
        }
        return out;
    }
}
