package io.crmsync.bench;

import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.sandbox.RollingWindowRateLimiter;
import io.crmsync.sandbox.SandboxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What the two HubSpot benchmarks share: a local HubSpot sandbox (in-process, port 0, data in a temporary folder,
 * {@code rate} requests per rolling 10 s window, search indexing delay {@value #INDEX_DELAY_MS} ms) as app
 * {@code hubspot} (the default app) and an embedded PostgreSQL table {@code customers} as app {@code shop}; the
 * generated contacts; a {@code crmsync.yaml} with the connector's {@code requestsPer10s} equal to the rate; and
 * timed runs that count the HTTP requests the sandbox received.
 *
 * <p>Data (seed 42): {@code records} contacts on each side, half of them ({@code records / 2}) sharing their
 * email with the other side; half of the shared pairs ({@code records / 4}) differ in one field, the job title:
 * one in ten of those holds a different value on both sides (a conflict hubspot wins, written to shop), the
 * others have it empty on one side (alternating: filled in hubspot or in shop).
 */
final class HubSpotBench implements AutoCloseable {
    /** The sandbox's search indexing delay, ms: records are searchable this long after a write. */
    static final long INDEX_DELAY_MS = 1_000;
    /** The connector's default {@code indexingLagMs}: a change read re-reads this many ms before its checkpoint. */
    static final long CONNECTOR_INDEXING_LAG_MS = 5_000;
    static final String[] PROPERTIES = {"email", "firstname", "lastname", "jobtitle", "city"};
    /** Generated contacts' first names, last names and cities (also used by {@link ObjectsData}). */
    static final String[] FIRST = {"Ann", "Bob", "Chloe", "Dev", "Emma", "Farid", "Gina", "Hugo", "Ines",
        "Jon", "Kira", "Liam", "Mia", "Noah", "Olga", "Pia", "Quinn", "Rosa", "Sam", "Tara"};
    static final String[] LAST = {"Lee", "Kim", "Novak", "Silva", "Okafor", "Berg", "Rossi", "Dubois",
        "Khan", "Meyer", "Tanaka", "Walsh", "Moreau", "Costa", "Ivanova", "Larsen"};
    private static final String[] TITLES = {"Engineer", "Buyer", "Sales Manager", "CFO", "Designer", "Analyst",
        "Office Manager", "Consultant", "Nurse", "Teacher", "Architect", "Account Executive"};
    static final String[] CITIES = {"Lyon", "Berlin", "Porto", "Austin", "Leeds", "Osaka", "Turin", "Ghent"};

    final Path dir;
    final BenchPostgres postgres;
    final SandboxServer sandbox;
    final int rate;
    private final boolean keep;
    private final Path config;
    /** Log where each run's main thread spends its wall time ({@link StackSampler}). */
    boolean profile;

    /** The generated contacts: property maps for hubspot (null = empty) and for shop, and the shared emails. */
    record Data(List<Map<String, String>> hubspot, List<Map<String, String>> shop, int shared, int differing) {
    }

    private HubSpotBench(Path dir, BenchPostgres postgres, SandboxServer sandbox, int rate, boolean keep) {
        this.dir = dir;
        this.postgres = postgres;
        this.sandbox = sandbox;
        this.rate = rate;
        this.keep = keep;
        this.config = dir.resolve("crmsync.yaml");
    }

    /** Starts PostgreSQL and the sandbox (limited to {@code rate} requests per 10 s) and writes the config. */
    static HubSpotBench start(int rate, boolean keep) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("crmsync-bench-");
        BenchPostgres postgres = BenchPostgres.start(dir);
        SandboxServer sandbox = SandboxServer.start(0, dir.resolve("sandbox"), SandboxServer.Options.defaults()
                .withRateLimiter(clock -> new RollingWindowRateLimiter(clock, rate, 10_000, 100_000_000))
                .withSearchIndexDelay(INDEX_DELAY_MS));
        HubSpotBench b = new HubSpotBench(dir, postgres, sandbox, rate, keep);
        Log.info("sandbox on port %d (%d requests per 10 s, search index delay %d ms), PostgreSQL at %s, in %s",
                sandbox.port(), rate, INDEX_DELAY_MS, postgres.url(), dir);
        b.exec("CREATE TABLE customers (id SERIAL PRIMARY KEY, email TEXT, firstname TEXT, lastname TEXT, "
                + "jobtitle TEXT, city TEXT, updated_at TIMESTAMP)");
        b.writeConfig();
        return b;
    }

    static Data generate(int perSide, long seed) {
        Random random = new Random(seed);
        int shared = perSide / 2;
        int differing = shared / 2;
        List<Map<String, String>> hub = new ArrayList<>(perSide);
        List<Map<String, String>> shop = new ArrayList<>(perSide);
        int serial = 0;
        for (int i = 0; i < shared; i++) {
            Map<String, String> c = contact(random, serial++);
            Map<String, String> other = new HashMap<>(c);
            if (i < differing) {
                if (i % 10 == 0) {
                    other.put("jobtitle", c.get("jobtitle") + " II");
                } else if (i % 2 == 0) {
                    other.put("jobtitle", null);
                } else {
                    c.put("jobtitle", null);
                }
            }
            hub.add(c);
            shop.add(other);
        }
        for (int i = 0; i < perSide - shared; i++) {
            hub.add(contact(random, serial++));
            shop.add(contact(random, serial++));
        }
        Collections.shuffle(hub, new Random(seed + 1));
        Collections.shuffle(shop, new Random(seed + 2));
        return new Data(hub, shop, shared, differing);
    }

    private static Map<String, String> contact(Random random, int serial) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        Map<String, String> c = new LinkedHashMap<>();
        c.put("email", (first + "." + last + "." + serial + "@example.com").toLowerCase(Locale.ROOT));
        c.put("firstname", first);
        c.put("lastname", last);
        c.put("jobtitle", TITLES[random.nextInt(TITLES.length)]);
        c.put("city", CITIES[random.nextInt(CITIES.length)]);
        return c;
    }

    /**
     * Seeds both sides (not timed, not counted), then resets the sandbox's request counters.
     *
     * @return the sandbox ids of {@code data.hubspot()}, in order
     */
    List<String> load(Data data) throws SQLException {
        long start = System.nanoTime();
        List<String> ids = sandbox.seed("contacts", data.hubspot());
        Log.info("seeded %,d contacts into the sandbox in-process in %.1f s", data.hubspot().size(),
                (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        Properties props = pgProps();
        props.setProperty("reWriteBatchedInserts", "true");
        try (Connection c = DriverManager.getConnection(postgres.url(), props)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (email, firstname, lastname, "
                    + "jobtitle, city, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                LocalDateTime old = LocalDateTime.now(ZoneOffset.UTC).minusDays(30);
                int n = 0;
                for (Map<String, String> r : data.shop()) {
                    for (int i = 0; i < PROPERTIES.length; i++) {
                        String v = r.get(PROPERTIES[i]);
                        if (v == null) {
                            ps.setNull(i + 1, Types.VARCHAR);
                        } else {
                            ps.setString(i + 1, v);
                        }
                    }
                    ps.setObject(6, old);
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        exec("ANALYZE customers");
        Log.info("loaded %,d rows into PostgreSQL in %.1f s", data.shop().size(), (System.nanoTime() - start) / 1e9);
        sandbox.resetCounters();
        return ids;
    }

    /**
     * One run as {@code crmsync run} does it: open the workspace (the connector's check and schema calls), run the
     * one object sync, close. Counts what the sandbox received during it.
     */
    Timed run(String what) {
        sandbox.resetCounters();
        System.gc();
        HeapMeter heap = new HeapMeter();
        StackSampler sampler = profile ? new StackSampler(Thread.currentThread()) : null;
        InitialSyncBench.PhaseClock phases = new InitialSyncBench.PhaseClock();
        long start = System.nanoTime();
        phases.start = start;
        RunReport report;
        try (Workspace w = Workspace.open(config, System.getenv())) {
            report = w.run(w.objectSyncs().get(0), RunOptions.defaults(), phases);
        } finally {
            heap.close();
            if (sampler != null) {
                sampler.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Timed t = new Timed(report, seconds, sandbox.requestCount(), sandbox.throttledCount(), heap.peakMb());
        var c = report.counts();
        Log.info("%s: %.2f s, %,d sandbox requests (%,d answered 429), heap peak %,d MB; read %,d, created %,d/%,d, "
                + "updated %,d/%,d (hubspot/shop), matched %,d, conflicts %,d, failed %,d %s, excluded %,d", what,
                seconds, t.apiCalls(), t.throttled(), t.peakHeapMb(), c.read(), c.createdA(), c.createdB(),
                c.updatedA(), c.updatedB(), c.matched(), c.conflicts(), c.failed(), report.failed(), c.excluded());
        Log.info("  phases (s since the run began, first..last report): %s", phases.summary());
        if (sampler != null) {
            System.err.print(sampler.report(15));
        }
        return t;
    }

    /**
     * A run's outcome.
     *
     * @param seconds    wall time, s
     * @param apiCalls   HTTP requests the sandbox received
     * @param throttled  429 answers the sandbox sent
     * @param peakHeapMb most heap used, MB
     */
    record Timed(RunReport report, double seconds, long apiCalls, long throttled, long peakHeapMb) {
    }

    /** shop's column {@code column} of the row with this email, or {@code null}. */
    String shopValue(String email, String column) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.url(), pgProps());
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM customers WHERE email = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void writeConfig() throws IOException {
        String yaml = """
                # Written by bench/run hubspot-*.
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    token: %s
                    baseUrl: http://127.0.0.1:%d
                    objects: [contacts]
                    requestsPer10s: %d
                  shop:
                    type: jdbc
                    url: %s
                    user: %s
                    objects:
                      customers:
                        table: customers
                        id: id
                        updatedAt: updated_at
                        properties:
                          email:     {column: email, type: string}
                          firstname: {column: firstname, type: string}
                          lastname:  {column: lastname, type: string}
                          jobtitle:  {column: jobtitle, type: string}
                          city:      {column: city, type: string}
                syncs:
                  hubspot-shop:
                    apps: [hubspot, shop]
                    objects:
                      contacts:
                        types: {hubspot: contacts, shop: customers}
                        direction: two-way
                        defaultApp: hubspot
                        match: default
                """.formatted(dir.resolve("state").resolve("state"), SandboxServer.DEFAULT_TOKEN, sandbox.port(),
                rate, postgres.url(), postgres.user());
        Files.writeString(config, yaml);
    }

    private Properties pgProps() {
        Properties props = new Properties();
        props.setProperty("user", postgres.user());
        return props;
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.url(), pgProps()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void sleep(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sandbox.close();
        } finally {
            postgres.close();
            if (keep) {
                Log.info("kept %s", dir);
            } else {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
