package io.crmsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.app.bind.Workspace;
import io.crmsync.app.serve.Serve;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code latency}: how long a change takes to reach the other app under {@code crmsync serve}, pushes alone.
 *
 * <p>Setup, not timed: the sandbox and PostgreSQL of {@link HubSpotBench} (rate limit high enough not to matter,
 * search indexing delay 1 s), {@code --records} identical contacts on both sides (default 100,000), and the
 * initial sync, which links them all and writes nothing. The shop's table has {@code changeTrigger: true}, so that
 * initial sync installs crmsync's own change trigger ({@code PgChangeTrigger}: {@code pg_notify('crmsync_changes',
 * {table, id, op})}), as it would for a user. Then {@link Serve} runs with polling off, the sandbox's webhooks pointed at it.
 *
 * <p>Measured: {@code --changes} edits (default 200), alternating between the apps (a first name set through the
 * sandbox's HTTP API, a first name set with SQL), spread evenly over {@code --spread-seconds} (default 60). A
 * change's latency runs from the moment its write returned to the first time a watcher, checking every
 * {@value #WATCH_MS} ms by id (a PostgreSQL query by email, a sandbox batch read), sees the new value in the other
 * app. A change not seen within {@value #MISS_MS} ms is missed.
 *
 * <p>Figures: {@code p50_ms}, {@code p95_ms}, {@code max_ms} (of the changes seen), {@code missed},
 * {@code changes}, {@code records}, the same per direction, runs that failed, {@code writes} (audited writes from
 * the first change until 2 s after the last was seen: one per change when echoes cost no write), and the untimed
 * initial sync's {@code initial_seconds}. Targets: p50 ≤ 1,000,
 * p95 ≤ 3,000, missed = 0.
 */
final class LatencyBench implements Main.Benchmark {
    static final long WATCH_MS = 50;
    static final long MISS_MS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One change: which side it was made on, the record, the value, when it was made and when seen (ns). */
    private static final class Change {
        final boolean inHubSpot;
        final String email;
        final String hubspotId;
        final String value;
        volatile long madeAt;
        volatile long seenAt;

        Change(boolean inHubSpot, String email, String hubspotId, String value) {
            this.inHubSpot = inHubSpot;
            this.email = email;
            this.hubspotId = hubspotId;
            this.value = value;
        }
    }

    @Override
    public Figures run(Options options) throws Exception {
        int records = options.intValue("records", 100_000);
        int changes = options.intValue("changes", 200);
        int spread = options.intValue("spread-seconds", 60);
        boolean verbose = options.flag("verbose");
        if (records < 10 || changes < 2 || changes > records || spread < 0) {
            throw new Options.UsageException("need --records ≥ 10, 2 ≤ --changes ≤ --records, --spread-seconds ≥ 0");
        }
        Log.info("latency: %,d contacts synced, %d changes (half per side) over %d s, polling off", records, changes,
                spread);
        try (HubSpotBench bench = HubSpotBench.start(10_000_000, options.flag("keep"))) {
            List<Map<String, String>> contacts = new ArrayList<>(HubSpotBench.generate(records, 42).hubspot());
            List<String> ids = bench.load(new HubSpotBench.Data(contacts, contacts, records, 0));
            Path config = writeConfig(bench);
            try (Workspace w = Workspace.open(config, Map.of("HUBSPOT_CLIENT_SECRET",
                    SandboxServer.Options.DEFAULT_WEBHOOK_SECRET))) {
                long start = System.nanoTime();
                RunReport initial = w.run(w.objectSyncs().get(0), RunOptions.defaults(), null);
                double initialSeconds = (System.nanoTime() - start) / 1e9;
                Log.info("initial sync: %.1f s, %,d matched, %,d written", initialSeconds,
                        initial.counts().matched(), initial.counts().writes());
                List<String> log = Collections.synchronizedList(new ArrayList<>());
                try (Serve serve = new Serve(w, w.config().serve(), RunOptions.defaults(), line -> {
                    log.add(line);
                    if (verbose) {
                        Log.info("serve: %s", line);
                    }
                }).start()) {
                    if (!serve.awaitStartupRuns(600_000)) {
                        throw new IllegalStateException("serve's start-up run did not end in 10 minutes");
                    }
                    int subs = bench.sandbox.subscribeWebhooks(1, "http://127.0.0.1:" + serve.port()
                            + "/webhooks/hubspot/hubspot");
                    Log.info("serving on port %d; sandbox webhooks: %d subscriptions", serve.port(), subs);
                    long osId = w.store().objectSyncId("hubspot-shop", "contacts", "contacts", "customers");
                    long auditBefore = w.store().runs().auditCount(osId);
                    List<Change> made = makeChanges(bench, contacts, ids, changes, spread);
                    long end = System.nanoTime() + MISS_MS * 1_000_000L;
                    while (System.nanoTime() < end && made.stream().anyMatch(c -> c.seenAt == 0)) {
                        Thread.sleep(WATCH_MS);
                    }
                    Thread.sleep(2_000); // the echoes of the last writes come back as pushes
                    return figures(made, records, initialSeconds, log)
                            .put("writes", w.store().runs().auditCount(osId) - auditBefore);
                }
            }
        }
    }

    /** Makes the changes on schedule while a watcher thread looks for them on the other side. */
    private List<Change> makeChanges(HubSpotBench bench, List<Map<String, String>> contacts, List<String> ids,
                                     int count, int spreadSeconds) throws Exception {
        Random random = new Random(7);
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            picks.add(i);
        }
        Collections.shuffle(picks, random);
        List<Change> made = Collections.synchronizedList(new ArrayList<>());
        Watcher watcher = new Watcher(bench, made);
        watcher.start();
        long t0 = System.nanoTime();
        long gapNs = count > 1 ? spreadSeconds * 1_000_000_000L / (count - 1) : 0;
        try (Connection c = DriverManager.getConnection(bench.postgres.url(), props(bench));
             PreparedStatement update = c.prepareStatement("UPDATE customers SET firstname = ?, updated_at = "
                     + "now() WHERE email = ?")) {
            for (int i = 0; i < count; i++) {
                long due = t0 + i * gapNs;
                long wait = (due - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                int k = picks.get(i);
                boolean inHubSpot = i % 2 == 0;
                Change change = new Change(inHubSpot, contacts.get(k).get("email"), ids.get(k), "Latency" + i);
                if (inHubSpot) {
                    patch(bench.sandbox, change.hubspotId, change.value);
                } else {
                    update.setString(1, change.value);
                    update.setString(2, change.email);
                    update.executeUpdate();
                }
                change.madeAt = System.nanoTime();
                made.add(change);
            }
        }
        Log.info("made %d changes in %.1f s", count, (System.nanoTime() - t0) / 1e9);
        watcher.lastMadeAt = System.nanoTime();
        return made;
    }

    /** Checks, every {@value #WATCH_MS} ms, the changes not seen yet, by id, on the other side. */
    private static final class Watcher extends Thread {
        private final HubSpotBench bench;
        private final List<Change> made;
        /** When the last change was made (ns), 0 while changes are being made. */
        volatile long lastMadeAt;
        final AtomicInteger checks = new AtomicInteger();

        Watcher(HubSpotBench bench, List<Change> made) {
            super("latency-watcher");
            setDaemon(true);
            this.bench = bench;
            this.made = made;
        }

        @Override
        public void run() {
            try (Connection c = DriverManager.getConnection(bench.postgres.url(), props(bench));
                 PreparedStatement ps = c.prepareStatement("SELECT email, firstname FROM customers WHERE email = ANY(?)")) {
                while (lastMadeAt == 0 || System.nanoTime() < lastMadeAt + (MISS_MS + 1_000) * 1_000_000L) {
                    List<Change> open;
                    synchronized (made) {
                        open = made.stream().filter(ch -> ch.seenAt == 0).toList();
                    }
                    if (!open.isEmpty()) {
                        check(c, ps, open);
                        checks.incrementAndGet();
                    }
                    Thread.sleep(WATCH_MS);
                }
            } catch (Exception e) {
                Log.info("watcher failed: %s", e);
            }
        }

        private void check(Connection c, PreparedStatement ps, List<Change> open) throws Exception {
            List<Change> inShop = open.stream().filter(ch -> ch.inHubSpot).toList();
            if (!inShop.isEmpty()) {
                ps.setArray(1, c.createArrayOf("text", inShop.stream().map(ch -> ch.email).toArray()));
                Map<String, String> values = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        values.put(rs.getString(1), rs.getString(2));
                    }
                }
                long now = System.nanoTime();
                inShop.forEach(ch -> seen(ch, values.get(ch.email), now));
            }
            List<Change> inHub = open.stream().filter(ch -> !ch.inHubSpot).toList();
            for (int i = 0; i < inHub.size(); i += 100) {
                List<Change> batch = inHub.subList(i, Math.min(inHub.size(), i + 100));
                Map<String, String> values = readFirstNames(bench.sandbox, batch.stream().map(ch -> ch.hubspotId)
                        .toList());
                long now = System.nanoTime();
                batch.forEach(ch -> seen(ch, values.get(ch.hubspotId), now));
            }
        }

        private static void seen(Change ch, String value, long now) {
            if (ch.value.equals(value) && ch.seenAt == 0) {
                ch.seenAt = now;
            }
        }
    }

    private static Figures figures(List<Change> made, int records, double initialSeconds, List<String> log) {
        List<Long> latencies = new ArrayList<>();
        int missed = 0;
        for (Change c : made) {
            long ms = (c.seenAt - c.madeAt) / 1_000_000;
            if (c.seenAt == 0 || ms > MISS_MS) {
                missed++;
            } else {
                latencies.add(Math.max(0, ms));
            }
        }
        Collections.sort(latencies);
        long failedRuns = log.stream().filter(l -> l.contains("run failed")).count();
        if (failedRuns > 0) {
            Log.info("%d runs failed; first: %s", failedRuns, log.stream().filter(l -> l.contains("run failed"))
                    .findFirst().orElse(""));
        }
        List<Long> hub = new ArrayList<>();
        List<Long> shop = new ArrayList<>();
        for (Change c : made) {
            if (c.seenAt != 0) {
                (c.inHubSpot ? hub : shop).add((c.seenAt - c.madeAt) / 1_000_000);
            }
        }
        Collections.sort(hub);
        Collections.sort(shop);
        Log.info("HubSpot → shop: p50 %d ms, max %d ms; shop → HubSpot: p50 %d ms, max %d ms", pct(hub, 50),
                pct(hub, 100), pct(shop, 50), pct(shop, 100));
        return new Figures()
                .put("p50_ms", pct(latencies, 50))
                .put("p95_ms", pct(latencies, 95))
                .put("max_ms", pct(latencies, 100))
                .put("missed", missed)
                .put("changes", made.size())
                .put("records", records)
                .put("hubspot_to_shop_p50_ms", pct(hub, 50))
                .put("shop_to_hubspot_p50_ms", pct(shop, 50))
                .put("failed_runs", failedRuns)
                .put("initial_seconds", initialSeconds, 1);
    }

    /** The nearest-rank percentile; -1 when there is no value. */
    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static Path writeConfig(HubSpotBench bench) throws Exception {
        String yaml = """
                # Written by bench/run latency.
                state: jdbc:h2:file:%s
                serve: {port: 0, pollInterval: 0}
                apps:
                  hubspot:
                    type: hubspot
                    token: %s
                    baseUrl: http://127.0.0.1:%d
                    objects: [contacts]
                    requestsPer10s: 100000
                    webhooks: {clientSecret: "${HUBSPOT_CLIENT_SECRET}"}
                  shop:
                    type: jdbc
                    url: %s
                    user: %s
                    objects:
                      customers:
                        table: customers
                        id: id
                        updatedAt: updated_at
                        changeTrigger: true
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
                """.formatted(bench.dir.resolve("state").resolve("latency"), SandboxServer.DEFAULT_TOKEN,
                bench.sandbox.port(), bench.postgres.url(), bench.postgres.user());
        Path file = bench.dir.resolve("latency.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static Properties props(HubSpotBench bench) {
        Properties p = new Properties();
        p.setProperty("user", bench.postgres.user());
        return p;
    }

    /** PATCH a contact's first name through the sandbox's API, as a HubSpot user's edit arrives. */
    private static void patch(SandboxServer sandbox, String id, String firstname) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("properties").put("firstname", firstname);
        HttpResponse<String> r = HTTP.send(request(sandbox, "/crm/v3/objects/contacts/" + id)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PATCH contact " + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** The first names of contacts by id, from one sandbox batch read. */
    private static Map<String, String> readFirstNames(SandboxServer sandbox, List<String> ids) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("properties").add("firstname");
        ids.forEach(id -> body.withArray("inputs").addObject().put("id", id));
        HttpResponse<String> r = HTTP.send(request(sandbox, "/crm/v3/objects/contacts/batch/read")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode n : JSON.readTree(r.body()).path("results")) {
            out.put(n.path("id").asText(), n.path("properties").path("firstname").asText(null));
        }
        return out;
    }

    private static HttpRequest.Builder request(SandboxServer sandbox, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + path))
                .header("Authorization", "Bearer " + SandboxServer.DEFAULT_TOKEN)
                .header("Content-Type", "application/json");
    }
}
