package io.crmsync.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * DESIGN.md §2.4 "creates are idempotent across crashes" for an object type with no identifier: deals are never
 * matched, always created, so a create interrupted after the app write can only be found again by the external
 * id it carries ({@code externalId: {crm: source_ref, shop: source_ref}}, {@code crmsync:<source app>:<source
 * id>}). A child JVM runs a two-way initial sync of companies and deals between two SQLite files (H2 state), each
 * deal holding a {@code company_id} foreign key synced as its {@code companies} association (DESIGN.md §2.6); it
 * is paused at a {@link io.crmsync.engine.run.CrashPoints crash point}, killed with SIGKILL and rerun. Then each
 * app must hold exactly one deal per source deal (counted by external id and by name), every deal's company must
 * be its source's company, and one more run must write nothing.
 *
 * <p>Data: companies matched by domain ({@value #CO_CRM} only in crm, {@value #CO_SHOP} only in shop,
 * {@value #CO_BOTH} in both); {@value #DEALS_CRM} deals in crm and {@value #DEALS_SHOP} in shop, every 10th
 * without a company. With a chunk size of {@value #CHUNK}, the companies object sync runs first in 2 chunks
 * (app-written hits 1 and 2), then deals: 6 chunks of creates into shop (hits 3..8), then 4 into crm (hits
 * 9..12). One scenario kills the incremental run that follows the initial sync, once crm has new deals. Each
 * scenario checks at the kill that it stopped where it claims to (row counts, create intents).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DealCrashRecoveryTest {
    private static final int CO_CRM = 150;
    private static final int CO_SHOP = 100;
    private static final int CO_BOTH = 100;
    private static final int COMPANIES = CO_CRM + CO_SHOP + CO_BOTH;
    private static final int DEALS_CRM = 1200;
    private static final int DEALS_SHOP = 800;
    private static final int DEALS = DEALS_CRM + DEALS_SHOP;
    private static final int CHUNK = 200;
    /** Deals added to crm after the initial sync, for the kill in an incremental run. */
    private static final int LATER_DEALS = 2 * CHUNK;

    private static CrashHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void copyClassPath(@TempDir Path copies) throws IOException {
        harness = CrashHarness.withClassPathCopiedTo(copies);
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    @DisplayName("dealsKilledAfterAppWriteIntoShop [app-written:5] (3rd chunk of deals created in shop, not linked)"
            + " -> rerun: one deal per source deal, companies right, then zero writes")
    void dealsKilledAfterAppWriteIntoShop_rerun_oneDealPerSourceDeal() throws Exception {
        crashAndRecover(new Kill("app-written:5", COMPANIES, COMPANIES, DEALS_CRM, DEALS_SHOP + 3 * CHUNK,
                Map.of("B", CHUNK)));
    }

    @Test
    @DisplayName("dealsKilledAfterAppWriteIntoCrm [app-written:10] (2nd chunk of deals created in crm, not linked)"
            + " -> rerun: one deal per source deal, companies right, then zero writes")
    void dealsKilledAfterAppWriteIntoCrm_rerun_oneDealPerSourceDeal() throws Exception {
        crashAndRecover(new Kill("app-written:10", COMPANIES, COMPANIES, DEALS_CRM + 2 * CHUNK, DEALS,
                Map.of("A", CHUNK)));
    }

    @Test
    @DisplayName("dealsKilledAfterIntentStored [intent-stored:4] (2nd chunk of deal intents stored, nothing"
            + " written) -> rerun: one deal per source deal, companies right, then zero writes")
    void dealsKilledAfterIntentStored_rerun_oneDealPerSourceDeal() throws Exception {
        crashAndRecover(new Kill("intent-stored:4", COMPANIES, COMPANIES, DEALS_CRM, DEALS_SHOP + CHUNK,
                Map.of("B", CHUNK)));
    }

    @Test
    @DisplayName("companiesKilledAfterAppWrite [app-written:2] (companies created in both apps, not linked, no deal"
            + " synced yet) -> rerun: deals point at the recovered companies, then zero writes")
    void companiesKilledAfterAppWrite_rerun_dealsAssociatedWithRecoveredCompanies() throws Exception {
        // Chunk 2 holds the last 50 companies created in shop and the 100 created in crm.
        crashAndRecover(new Kill("app-written:2", COMPANIES, COMPANIES, DEALS_CRM, DEALS_SHOP,
                Map.of("A", CO_SHOP, "B", CO_CRM - (CHUNK - CO_BOTH))));
    }

    @Test
    @DisplayName("dealsKilledBeforeCheckpoint [before-checkpoint:2] (every deal written and linked, no checkpoint)"
            + " -> rerun: one deal per source deal, companies right, then zero writes")
    void dealsKilledBeforeCheckpoint_rerun_oneDealPerSourceDeal() throws Exception {
        crashAndRecover(new Kill("before-checkpoint:2", COMPANIES, COMPANIES, DEALS, DEALS, Map.of()));
    }

    @Test
    @DisplayName("dealsKilledTwice [app-written:5, then app-written:2 in the recovering run] -> rerun: one deal"
            + " per source deal, companies right, then zero writes")
    void dealsKilledTwice_rerun_oneDealPerSourceDeal() throws Exception {
        // The recovering run writes no company; its first chunk holds the 200 deals it found by external id
        // (linked, nothing to write), its 2nd the next 200 deals created in shop.
        crashAndRecover(new Kill("app-written:5", COMPANIES, COMPANIES, DEALS_CRM, DEALS_SHOP + 3 * CHUNK,
                Map.of("B", CHUNK)), new Kill("app-written:2", COMPANIES, COMPANIES, DEALS_CRM, DEALS_SHOP + 4 * CHUNK,
                Map.of("B", CHUNK)));
    }

    @Test
    @DisplayName("laterDealsKilledAfterAppWrite [app-written:2 of the incremental run after the initial sync] (400"
            + " new crm deals, the 2nd chunk created in shop, not linked) -> rerun: one deal per source deal, then"
            + " zero writes")
    void laterDealsKilledAfterAppWriteInIncrementalRun_rerun_oneDealPerSourceDeal() throws Exception {
        crashAndRecover(LATER_DEALS, new Kill("app-written:2", COMPANIES, COMPANIES, DEALS + LATER_DEALS,
                DEALS + 2 * CHUNK, Map.of("B", CHUNK)));
    }

    // ---------------------------------------------------------------- the procedure

    /**
     * Where to stop a child, and the rows of each table and the create intents in flight (by target side, A =
     * crm, B = shop) right after the kill.
     */
    record Kill(String point, int crmCompanies, int shopCompanies, int crmDeals, int shopDeals,
                Map<String, Integer> pendingIntents) {
    }

    private void crashAndRecover(Kill... kills) throws Exception {
        crashAndRecover(0, kills);
    }

    /**
     * @param laterDeals when positive, the initial sync first runs to its end, then crm gains this many deals, and
     *                   the kills happen in the incremental run that syncs them
     */
    private void crashAndRecover(int laterDeals, Kill... kills) throws Exception {
        long started = System.nanoTime();
        Seed seed = Seed.write(crmUrl(), shopUrl());
        Path config = writeConfig();
        if (laterDeals > 0) {
            CrashHarness.RunResult initial = harness.runToEnd(config, CHUNK);
            assertThat(initial.failed()).as("records failed in the initial sync:\n%s", initial).isZero();
            seed.addDeals(crmUrl(), "crm", DEALS_CRM, laterDeals, DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(Instant.now()));
        }
        for (Kill kill : kills) {
            harness.runAndKill(config, CHUNK, kill.point());
            String why = "at the kill at " + kill.point() + " (scenario precondition: the plan's chunk order changed?)";
            assertThat(new int[] {count(crmUrl(), "companies"), count(shopUrl(), "companies"),
                    count(crmUrl(), "deals"), count(shopUrl(), "deals")})
                    .as("rows in crm.companies, shop.companies, crm.deals, shop.deals " + why)
                    .containsExactly(kill.crmCompanies(), kill.shopCompanies(), kill.crmDeals(), kill.shopDeals());
            assertThat(pendingIntents()).as("create intents in flight, by target side, " + why)
                    .isEqualTo(kill.pendingIntents());
        }

        CrashHarness.RunResult recovery = harness.runToEnd(config, CHUNK);
        assertThat(recovery.exitCode()).as("exit code of the recovering run; output:\n%s", recovery).isZero();
        assertThat(recovery.failed()).as("records failed in the recovering run:\n%s", recovery).isZero();
        assertDealsConverged(seed);
        Map<String, List<String>> before = snapshot();

        CrashHarness.RunResult extra = harness.runToEnd(config, CHUNK);
        assertThat(extra.exitCode()).as("exit code of the extra run; output:\n%s", extra).isZero();
        assertThat(extra.initial()).as("the extra run is incremental (checkpoints saved):\n%s", extra).isFalse();
        assertThat(extra.writes()).as("writes reported by the extra run:\n%s", extra).isZero();
        assertThat(snapshot()).as("tables changed by the extra run").isEqualTo(before);
        assertThat(linkStates()).as("links by object sync and state after recovery")
                .isEqualTo(Map.of("companies SYNCING", COMPANIES, "deals SYNCING", seed.deals().size()));
        System.out.printf("deals %s: %.1f s%n", Arrays.stream(kills).map(Kill::point)
                .collect(Collectors.joining(", ")), (System.nanoTime() - started) / 1e9);
    }

    /**
     * Each app holds every source deal once, by name and by external id (a deal made there holds the key of the
     * deal it came from, one made by the app itself none), with the amount and the company (by domain) of its
     * source.
     */
    private void assertDealsConverged(Seed seed) throws SQLException {
        for (String app : List.of("crm", "shop")) {
            String url = app.equals("crm") ? crmUrl() : shopUrl();
            Map<String, String> domains = new HashMap<>();
            for (String[] c : rows(url, "SELECT id, domain FROM companies")) {
                assertThat(domains.put(c[0], normaliseDomain(c[1]))).as("company id %s in %s", c[0], app).isNull();
            }
            assertThat(domains.values().stream().distinct().count()).as("companies by domain in %s", app)
                    .isEqualTo(COMPANIES);
            Map<String, Integer> byName = new TreeMap<>();
            Map<String, Integer> byExternalId = new TreeMap<>();
            List<String> wrong = new ArrayList<>();
            for (String[] d : rows(url, "SELECT dealname, amount, company_id, source_ref FROM deals")) {
                byName.merge(d[0], 1, Integer::sum);
                if (d[3] != null) {
                    byExternalId.merge(d[3], 1, Integer::sum);
                }
                Seed.Deal want = seed.deals().get(d[0]);
                if (want == null) {
                    wrong.add(d[0] + ": no such source deal");
                    continue;
                }
                String wantRef = want.app().equals(app) ? null : "crmsync:" + want.app() + ":" + want.id();
                String domain = d[2] == null ? null : domains.get(d[2]);
                if (!Objects.equals(d[1], want.amount()) || !Objects.equals(domain, want.domain())
                        || !Objects.equals(d[3], wantRef)) {
                    wrong.add(d[0] + ": amount " + d[1] + ", company " + domain + ", source_ref " + d[3]
                            + "; expected " + want.amount() + ", " + want.domain() + ", " + wantRef);
                }
            }
            assertThat(byName.entrySet().stream().filter(e -> e.getValue() > 1).toList())
                    .as("deal names held by more than one deal in %s (duplicates made by a retried create)", app)
                    .isEmpty();
            assertThat(byExternalId.entrySet().stream().filter(e -> e.getValue() > 1).toList())
                    .as("external ids held by more than one deal in %s", app).isEmpty();
            assertThat(byExternalId).as("deals in %s made from the other app", app).hasSize((int) seed.deals()
                    .values().stream().filter(d -> !d.app().equals(app)).count());
            assertThat(byName.keySet()).as("deal names in %s", app).isEqualTo(seed.deals().keySet());
            assertThat(wrong.subList(0, Math.min(20, wrong.size()))).as("deals of %s unlike their source (first 20"
                    + " of %s)", app, wrong.size()).isEmpty();
        }
    }

    private Map<String, Integer> linkStates() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        for (String[] r : rows(stateUrl(), "SELECT o.object_name, l.state, COUNT(*) FROM links l JOIN object_syncs o"
                + " ON o.id = l.object_sync_id GROUP BY o.object_name, l.state")) {
            out.put(r[0] + " " + r[1], Integer.parseInt(r[2]));
        }
        return out;
    }

    /** Create intents in flight (table {@code create_intents}) by target side, over both object syncs. */
    private Map<String, Integer> pendingIntents() throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        for (String[] r : rows(stateUrl(), "SELECT intent_side, COUNT(*) FROM create_intents GROUP BY intent_side")) {
            out.put(Objects.toString(r[0], "null").trim(), Integer.parseInt(r[1]));
        }
        return out;
    }

    /** Every row of the four tables, {@code updated_at} included. */
    private Map<String, List<String>> snapshot() throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        for (String app : List.of("crm", "shop")) {
            String url = app.equals("crm") ? crmUrl() : shopUrl();
            for (String table : List.of("companies", "deals")) {
                out.put(app + "." + table, rows(url, "SELECT * FROM " + table + " ORDER BY id").stream()
                        .map(r -> String.join("|", Arrays.stream(r).map(String::valueOf).toList())).toList());
            }
        }
        return out;
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
        String objects = """
                    objects:
                      companies:
                        table: companies
                        id: id
                        updatedAt: updated_at
                        properties:
                          name: {column: name, type: string}
                          domain: {column: domain, type: string}
                      deals:
                        table: deals
                        id: id
                        updatedAt: updated_at
                        properties:
                          dealname: {column: dealname, type: string}
                          amount: {column: amount, type: number}
                          source_ref: {column: source_ref, type: string}
                        associations: {companies: company_id}
                """;
        String yaml = "state: \"" + stateUrl() + "\"\napps:\n"
                + "  crm:\n    type: jdbc\n    url: \"" + crmUrl() + "\"\n" + objects
                + "  shop:\n    type: jdbc\n    url: \"" + shopUrl() + "\"\n" + objects
                + """
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      deals:
                        types: {crm: deals, shop: deals}
                        direction: two-way
                        defaultApp: crm
                        externalId: {crm: source_ref, shop: source_ref}
                      companies:
                        types: {crm: companies, shop: companies}
                        direction: two-way
                        defaultApp: crm
                """;
        Path file = dir.resolve("crmsync.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /**
     * What the apps hold, and each deal by name as both apps must hold it after a sync.
     *
     * @param deals   source deals by name
     * @param domains each app's company domains, in id order of its own companies (id = index + 1)
     */
    private record Seed(Map<String, Deal> deals, Map<String, List<String>> domains) {
        /** A source deal: the app and id it was made in, its amount, and its company's domain (or none). */
        record Deal(String app, String id, String amount, String domain) {
        }

        /**
         * Companies: crm has {@code crmco<i>.example} then the shared {@code bothco<i>.example}; shop has
         * {@code shopco<i>.example} then the shared ones, every 5th spelt with capitals (domains match without
         * case). Deals: see {@link #addDeals}.
         */
        static Seed write(String crmUrl, String shopUrl) throws SQLException {
            List<String> crmDomains = new ArrayList<>();
            List<String> shopDomains = new ArrayList<>();
            for (int i = 0; i < CO_CRM; i++) {
                crmDomains.add("crmco" + i + ".example");
            }
            for (int i = 0; i < CO_SHOP; i++) {
                shopDomains.add("shopco" + i + ".example");
            }
            for (int i = 0; i < CO_BOTH; i++) {
                crmDomains.add("bothco" + i + ".example");
                shopDomains.add(i % 5 == 0 ? "BothCo" + i + ".EXAMPLE" : "bothco" + i + ".example");
            }
            Seed seed = new Seed(new TreeMap<>(), Map.of("crm", crmDomains, "shop", shopDomains));
            createTables(crmUrl, crmDomains);
            createTables(shopUrl, shopDomains);
            seed.addDeals(crmUrl, "crm", 0, DEALS_CRM, "2024-01-01T00:00:00.000Z");
            seed.addDeals(shopUrl, "shop", 0, DEALS_SHOP, "2024-01-01T00:00:00.000Z");
            return seed;
        }

        private static void createTables(String url, List<String> domains) throws SQLException {
            try (Connection c = DriverManager.getConnection(url)) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, domain TEXT,"
                            + " updated_at TEXT)");
                    st.execute("CREATE TABLE deals (id INTEGER PRIMARY KEY, dealname TEXT, amount INTEGER,"
                            + " company_id INTEGER REFERENCES companies (id), source_ref TEXT, updated_at TEXT)");
                }
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO companies (id, name, domain,"
                        + " updated_at) VALUES (?, ?, ?, '2024-01-01T00:00:00.000Z')")) {
                    for (int i = 0; i < domains.size(); i++) {
                        ps.setInt(1, i + 1);
                        ps.setString(2, "Company " + normaliseDomain(domains.get(i)));
                        ps.setString(3, domains.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
        }

        /**
         * Adds deals {@code <app> deal <i>} for i in [from, from + count) after the table's last id: deal i
         * belongs to the app's own company i mod (its companies count), except every 10th, which has none.
         */
        void addDeals(String url, String app, int from, int count, String updatedAt) throws SQLException {
            List<String> own = domains.get(app);
            try (Connection c = DriverManager.getConnection(url)) {
                int id = Integer.parseInt(rows(url, "SELECT COALESCE(MAX(id), 0) FROM deals").get(0)[0]);
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO deals (id, dealname, amount, company_id,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?)")) {
                    for (int i = from; i < from + count; i++) {
                        int company = i % 10 == 9 ? -1 : i % own.size();
                        String name = app + " deal " + i;
                        id++;
                        ps.setInt(1, id);
                        ps.setString(2, name);
                        ps.setInt(3, 100 + i);
                        if (company < 0) {
                            ps.setNull(4, Types.INTEGER);
                        } else {
                            ps.setInt(4, company + 1);
                        }
                        ps.setString(5, updatedAt);
                        ps.addBatch();
                        deals.put(name, new Deal(app, Integer.toString(id), Integer.toString(100 + i),
                                company < 0 ? null : normaliseDomain(own.get(company))));
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
        }
    }

    private static String normaliseDomain(String domain) {
        return domain == null ? null : domain.strip().toLowerCase(Locale.ROOT);
    }

    private static int count(String url, String table) throws SQLException {
        return Integer.parseInt(rows(url, "SELECT COUNT(*) FROM " + table).get(0)[0]);
    }

    /** Every row of a query, each column as text. */
    private static List<String[]> rows(String url, String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = url.startsWith("jdbc:h2:") ? DriverManager.getConnection(url, "", "")
                : DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                String[] row = new String[md.getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }
}
