package io.crmsync.bench;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.bench.ContactData.Contact;
import io.crmsync.engine.run.ProgressListener;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RunCounts;
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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code initial-sync}: the first two-way sync of contacts between a SQLite table (app a, the default app) and a
 * PostgreSQL table (app b), then a run with no change, then a run after one change in a.
 *
 * <p>Setup (not timed): {@link ContactData} contacts, bulk-loaded with plain JDBC batches into SQLite and into
 * embedded PostgreSQL ({@link BenchPostgres}); a {@code crmsync.yaml} (DESIGN.md §4) with the state in an H2
 * file. Each run is {@link Workspace#run} of the one object sync, timed with {@link System#nanoTime()}, its heap
 * use measured by {@link HeapMeter}. Figures: see {@code bench/README.md}.
 *
 * <p>Options: {@code --records N} contacts per side (default 100000), {@code --seed S} (42), {@code --keep}
 * to keep the temporary folder (databases, config, state), {@code --profile} to log where each run's wall time
 * goes ({@link StackSampler}), {@code --pause-ms P} (3500): the pause between the first and the second run,
 * {@code --state h2|postgres}: the state store in an H2 file (default) or in a database of the benchmark's
 * PostgreSQL server.
 *
 * <p>The pause: the JDBC connector re-reads, on the next run, the rows changed less than its change lag (3 s)
 * before a run began (ChangeFeed). Without the pause the second run begins within the lag of the first run's
 * last writes, so the run after it reads those rows again (thousands of echoes of crmsync's own writes, each a
 * read and no write), and {@code one_change_rows_read} measures the lag window rather than the change. With it,
 * the runs are spaced as a poll interval longer than the lag spaces them.
 */
final class InitialSyncBench implements Main.Benchmark {
    /**
     * The JDBC connector re-reads rows younger than its change lag (3 s by default) on the next run; a run
     * started within the lag of the first run's last write reads those again on the run after it.
     */
    private static final int DEFAULT_PAUSE_MS = 3_500;
    /** How the JDBC connector writes SQLite text timestamps (ISO-8601 UTC, milliseconds). */
    private static final DateTimeFormatter SQLITE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String COLUMNS = "email, first_name, last_name, job_title, phone, city, updated_at";

    private boolean profile;
    private int pauseMs;
    private boolean statePostgres;

    @Override
    public Figures run(Options options) throws Exception {
        int records = options.intValue("records", 100_000);
        long seed = options.intValue("seed", 42);
        profile = options.flag("profile");
        pauseMs = options.intValue("pause-ms", DEFAULT_PAUSE_MS);
        String state = options.text("state", "h2");
        if (!state.equals("h2") && !state.equals("postgres")) {
            throw new Options.UsageException("--state must be h2 or postgres");
        }
        statePostgres = state.equals("postgres");
        if (records < 10) {
            throw new Options.UsageException("--records must be at least 10");
        }
        Path dir = Files.createTempDirectory("crmsync-bench-");
        Log.info("initial-sync: %,d contacts per side, seed %d, in %s", records, seed, dir);
        try (BenchPostgres postgres = BenchPostgres.start(dir)) {
            Log.info("PostgreSQL at %s (user %s)", postgres.url(), postgres.user());
            return measure(dir, postgres, records, seed);
        } finally {
            if (options.flag("keep")) {
                Log.info("kept %s", dir);
            } else {
                delete(dir);
            }
        }
    }

    private Figures measure(Path dir, BenchPostgres postgres, int records, long seed) throws Exception {
        long setupStart = System.nanoTime();
        ContactData data = ContactData.generate(records, seed);
        Log.info("generated %,d + %,d contacts: %,d emails on both sides, %,d pairs differ (%,d conflicts, "
                + "%,d empty in a, %,d empty in b)", data.a().size(), data.b().size(), data.shared(),
                data.differing(), data.conflicts(), data.emptyInA(), data.emptyInB());
        String sqliteUrl = "jdbc:sqlite:" + dir.resolve("a.db");
        loadSqlite(sqliteUrl, data.a());
        loadPostgres(postgres, data.b());
        String changedEmail = data.a().get(0).email();
        data = null; // not part of the run's heap
        Path config = writeConfig(dir, sqliteUrl, postgres, statePostgres ? stateDatabase(postgres) : null);
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        Log.info("setup done in %.1f s", setupSeconds);

        Figures f = new Figures();
        try (Workspace workspace = Workspace.open(config, System.getenv())) {
            BoundObjectSync os = workspace.objectSyncs().get(0);
            Timed first = timed(workspace, os, "first run");
            if (pauseMs > 0) {
                Log.info("pausing %,d ms: the next run starts after the change lag, as a poll would", pauseMs);
                Thread.sleep(pauseMs);
            }
            Timed second = timed(workspace, os, "second run (no change)");
            String newLastName = "Changed-" + seed;
            long changedId = changeOneInSqlite(sqliteUrl, changedEmail, newLastName);
            Log.info("changed last_name of a's contact %d (%s)", changedId, changedEmail);
            Timed third = timed(workspace, os, "run after one change");
            String synced = lastNameInPostgres(postgres, changedEmail);

            RunCounts c = first.counts();
            f.put("records_per_s", (2.0 * records) / first.seconds, 0)
                    .put("seconds", first.seconds, 2)
                    .put("peak_heap_mb", first.peakHeapMb)
                    .put("second_run_writes", second.counts().writes())
                    .put("second_run_seconds", second.seconds, 2)
                    .put("one_change_writes", third.counts().writes())
                    .put("one_change_rows_read", third.counts().read())
                    .put("created_a", c.createdA())
                    .put("created_b", c.createdB())
                    .put("updated_a", c.updatedA())
                    .put("updated_b", c.updatedB())
                    .put("conflicts", c.conflicts())
                    .put("matched", c.matched())
                    .put("failed", c.failed())
                    .put("excluded", c.excluded())
                    .put("rows_read", c.read())
                    .put("live_heap_mb", first.liveHeapMb)
                    .put("gc_seconds", first.gcSeconds, 2)
                    .put("second_run_peak_heap_mb", second.peakHeapMb)
                    .put("second_run_rows_read", second.counts().read())
                    .put("one_change_seconds", third.seconds, 3)
                    .put("one_change_synced", String.valueOf(newLastName.equals(synced)))
                    .put("records", records)
                    .put("pause_ms", pauseMs)
                    .put("state", statePostgres ? "postgres" : "h2")
                    .put("setup_seconds", setupSeconds, 1);
        }
        return f;
    }

    /**
     * A run's counts, wall time and heap use (MB: most used; most still used after a collection). Not the
     * {@link RunReport}: it holds the run's whole plan, which would stay on the heap during the next run.
     */
    private record Timed(RunCounts counts, double seconds, long peakHeapMb, long liveHeapMb, double gcSeconds) {
    }

    private Timed timed(Workspace workspace, BoundObjectSync os, String what) {
        PhaseClock phases = new PhaseClock();
        System.gc(); // each run starts from the live set of the one before
        HeapMeter heap = new HeapMeter();
        StackSampler sampler = profile ? new StackSampler(Thread.currentThread()) : null;
        long start = System.nanoTime();
        phases.start = start;
        RunReport report;
        try {
            report = workspace.run(os, RunOptions.defaults(), phases);
        } finally {
            heap.close();
            if (sampler != null) {
                sampler.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        RunCounts c = report.counts();
        Log.info("%s: %.2f s (GC %.1f s), heap peak %,d MB (live %,d MB), read %,d, writes %,d (created %,d/%,d, updated %,d/%,d), conflicts %,d, "
                + "failed %,d %s, excluded %,d %s", what, seconds, heap.gcSeconds(), heap.peakMb(), heap.liveMb(), c.read(), c.writes(), c.createdA(), c.createdB(),
                c.updatedA(), c.updatedB(), c.conflicts(), c.failed(), report.failed(), c.excluded(),
                report.excluded());
        Log.info("  phases (s since the run began, first..last report): %s", phases.summary());
        if (sampler != null) {
            System.err.print(sampler.report(20));
        }
        return new Timed(c, seconds, heap.peakMb(), heap.liveMb(), heap.gcSeconds());
    }

    /** Remembers when each phase was first and last reported. */
    static final class PhaseClock implements ProgressListener {
        long start;
        final Map<String, long[]> seen = new LinkedHashMap<>();

        @Override
        public void progress(String objectSync, String phase, long done, long total) {
            long now = System.nanoTime();
            seen.computeIfAbsent(phase, p -> new long[] {now, now, 0})[1] = now;
            seen.get(phase)[2] = done;
        }

        String summary() {
            StringBuilder s = new StringBuilder();
            seen.forEach((phase, t) -> s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "%s %.2f..%.2f (%,d)", phase, (t[0] - start) / 1e9, (t[1] - start) / 1e9, t[2])));
            return s.length() == 0 ? "none" : s.toString();
        }
    }

    // ---------------------------------------------------------------- setup

    private static void loadSqlite(String url, List<Contact> contacts) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, "
                        + "last_name TEXT, job_title TEXT, phone TEXT, city TEXT, updated_at TEXT)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO contacts (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (Contact contact : contacts) {
                    bind(ps, contact);
                    ps.setString(7, SQLITE_TIME.format(contact.updatedAt()));
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        Log.info("loaded %,d rows into SQLite in %.1f s", contacts.size(), (System.nanoTime() - start) / 1e9);
    }

    private static void loadPostgres(BenchPostgres postgres, List<Contact> contacts) throws SQLException {
        long start = System.nanoTime();
        Properties props = new Properties();
        props.setProperty("user", postgres.user());
        props.setProperty("reWriteBatchedInserts", "true");
        try (Connection c = DriverManager.getConnection(postgres.url(), props)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customers (id SERIAL PRIMARY KEY, email TEXT, first_name TEXT, "
                        + "last_name TEXT, job_title TEXT, phone TEXT, city TEXT, updated_at TIMESTAMP)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (Contact contact : contacts) {
                    bind(ps, contact);
                    ps.setObject(7, LocalDateTime.ofInstant(contact.updatedAt(), ZoneOffset.UTC));
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE customers");
            }
        }
        Log.info("loaded %,d rows into PostgreSQL in %.1f s", contacts.size(), (System.nanoTime() - start) / 1e9);
    }

    private static void bind(PreparedStatement ps, Contact c) throws SQLException {
        String[] values = {c.email(), c.firstName(), c.lastName(), c.jobTitle(), c.phone(), c.city()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setString(i + 1, values[i]);
            }
        }
    }

    /** A database for the state store on the benchmark's PostgreSQL server; its JDBC URL. */
    static String stateDatabase(BenchPostgres postgres) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", postgres.user());
        try (Connection c = DriverManager.getConnection(postgres.url(), props); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE crmsync_state");
        }
        return postgres.url().substring(0, postgres.url().lastIndexOf('/') + 1) + "crmsync_state";
    }

    /** @param stateUrl the state store on PostgreSQL, or {@code null} for an H2 file in {@code dir} */
    private static Path writeConfig(Path dir, String sqliteUrl, BenchPostgres postgres, String stateUrl)
            throws IOException {
        String properties = """
                        properties:
                          email:     {column: email, type: string}
                          firstname: {column: first_name, type: string}
                          lastname:  {column: last_name, type: string}
                          jobtitle:  {column: job_title, type: string}
                          phone:     {column: phone, type: phone}
                          city:      {column: city, type: string}
                """;
        String yaml = """
                # Written by bench/run initial-sync.
                state: %s
                apps:
                  a:
                    type: jdbc
                    url: %s
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                %s  b:
                    type: jdbc
                    url: %s
                    user: %s
                    objects:
                      customers:
                        table: customers
                        id: id
                        updatedAt: updated_at
                %ssyncs:
                  a-b:
                    apps: [a, b]
                    objects:
                      contacts:
                        types: {a: contacts, b: customers}
                        direction: two-way
                        defaultApp: a
                        match: default
                """.formatted(stateUrl == null ? "jdbc:h2:file:" + dir.resolve("state").resolve("state")
                        : "\n  url: \"" + stateUrl + "\"\n  user: " + postgres.user(), sqliteUrl, properties, postgres.url(),
                postgres.user(), properties);
        Path file = dir.resolve("crmsync.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    // ---------------------------------------------------------------- the one change

    /** Sets a new last name on a's contact with this email, stamping updated_at as the connector does. */
    private static long changeOneInSqlite(String url, String email, String lastName) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM contacts WHERE email = ?")) {
                ps.setString(1, email);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE contacts SET last_name = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, lastName);
                ps.setString(2, SQLITE_TIME.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return id;
        }
    }

    private static String lastNameInPostgres(BenchPostgres postgres, String email) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", postgres.user());
        try (Connection c = DriverManager.getConnection(postgres.url(), props);
             PreparedStatement ps = c.prepareStatement("SELECT last_name FROM customers WHERE email = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Log.info("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
