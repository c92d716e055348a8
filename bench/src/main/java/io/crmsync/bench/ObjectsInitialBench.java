package io.crmsync.bench;

import static io.crmsync.bench.ObjectsData.COMPANIES;
import static io.crmsync.bench.ObjectsData.CONTACTS;
import static io.crmsync.bench.ObjectsData.DEALS;

import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RunCounts;
import io.crmsync.sandbox.RateLimiter;
import io.crmsync.sandbox.SandboxServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code objects-initial}: the initial two-way sync of companies, contacts and deals with their primary companies
 * and deals' contacts ({@link #LINKS}), between the local HubSpot sandbox (app {@code hubspot}, in-process, no rate limit, the default app) and embedded
 * PostgreSQL (app {@code shop}), run as {@code crmsync run} runs every object sync of a config: one workspace,
 * the object syncs in their order (companies first, as associations need their links), then closed.
 *
 * <p>Setup (not timed, not counted): {@link ObjectsData} per side; the sandbox is seeded in-process
 * ({@link SandboxServer#seed}, {@link SandboxServer#seedAssociations}), PostgreSQL with JDBC batches. After the
 * run {@link ObjectsCheck} verifies both sides in full; the benchmark fails (exit code 1) when they are wrong.
 *
 * <p>Options: {@code --contacts N} (50000), {@code --companies N} (10000), {@code --deals N} (20000), each per
 * side; {@code --seed S} (42); {@code --state h2|postgres}: the state store in an H2 file (default) or in a
 * database of the benchmark's PostgreSQL server; {@code --keep} keeps the temporary folder; {@code --profile}
 * logs where the run's main thread spends its wall time. Figures: see {@code bench/README.md}. {@code bench/run}
 * starts this benchmark with {@code -Xmx768m}, the heap its target is set for.
 */
final class ObjectsInitialBench implements Main.Benchmark {
    /** Object types in the order their object syncs are declared, and so run. */
    static final List<String> TYPES = List.of(COMPANIES, CONTACTS, DEALS);

    /**
     * The associations synced: contacts' and deals' primary company (HubSpot's primary typeId, hubspot.md §B.7;
     * the shop's foreign-key column) and deals' contacts (HubSpot's unlabeled deal → contact typeId 3; the shop's
     * join table {@code deal_contacts}). Everything else follows this list: the generator ({@link ObjectsData}),
     * the sandbox's seeding, the shop's tables, load and config ({@link ObjectsShop}), and the check
     * ({@link ObjectsCheck}), which compares every association as a set.
     */
    static final List<Link> LINKS = List.of(Link.column(CONTACTS, COMPANIES, 1, "company_id"),
            Link.column(DEALS, COMPANIES, 5, "company_id"),
            Link.joinTable(DEALS, CONTACTS, 3, new JoinTable("deal_contacts", "deal_id", "contact_id")));

    /**
     * One association from records of {@code from} to records of {@code to}.
     *
     * @param hubspotTypeId the HUBSPOT_DEFINED typeId the sandbox is seeded with
     * @param primary       the typeId is HubSpot's primary label: only associations with it are compared (a record
     *                      may hold other, unlabeled ones), and a record has one at most
     * @param shopColumn    the column of {@code from}'s table that holds the one associated record's id, or
     *                      {@code null} when the shop keeps the association in {@code joinTable}
     * @param joinTable     the shop's join table, one row per associated record, or {@code null}
     */
    record Link(String from, String to, int hubspotTypeId, boolean primary, String shopColumn, JoinTable joinTable) {
        /** A primary (single-valued) association, a foreign-key column in the shop. */
        static Link column(String from, String to, int primaryTypeId, String shopColumn) {
            return new Link(from, to, primaryTypeId, true, shopColumn, null);
        }

        /** A many-valued association, a join table in the shop. */
        static Link joinTable(String from, String to, int typeId, JoinTable table) {
            return new Link(from, to, typeId, false, null, table);
        }
    }

    /** A shop join table: {@code from} holds the {@link Link#from()} record's id, {@code to} the associated one's. */
    record JoinTable(String table, String from, String to) {
    }

    /** Lets every request through: the benchmark measures crmsync, not HubSpot's burst limit. */
    private static final RateLimiter.Decision ALLOWED = new RateLimiter.Decision(true, 1_000_000, 1_000_000, 10_000,
            1_000_000_000L, 1_000_000_000L, null);

    @Override
    public Figures run(Options options) throws Exception {
        int contacts = options.intValue("contacts", 50_000);
        int companies = options.intValue("companies", 10_000);
        int deals = options.intValue("deals", 20_000);
        long seed = options.intValue("seed", 42);
        String state = options.text("state", "h2");
        if (!state.equals("h2") && !state.equals("postgres")) {
            throw new Options.UsageException("--state must be h2 or postgres");
        }
        if (companies < 2 || contacts < 2 || deals < 0) {
            throw new Options.UsageException("--companies and --contacts must be at least 2, --deals at least 0");
        }
        Log.info("objects-initial: per side %,d companies, %,d contacts, %,d deals; seed %d", companies, contacts,
                deals, seed);
        ObjectsData data = ObjectsData.generate(companies, contacts, deals, seed);
        Path dir = Files.createTempDirectory("crmsync-bench-");
        try (BenchPostgres postgres = BenchPostgres.start(dir);
             SandboxServer sandbox = SandboxServer.start(0, dir.resolve("sandbox"), SandboxServer.Options.defaults()
                     .withRateLimiter(clock -> token -> ALLOWED))) {
            Log.info("sandbox on port %d (no rate limit), PostgreSQL at %s, in %s", sandbox.port(), postgres.url(),
                    dir);
            ObjectsShop shop = new ObjectsShop(postgres);
            shop.create();
            seedSandbox(sandbox, data);
            shop.load(data.shop());
            Path config = dir.resolve("crmsync.yaml");
            String stateUrl = state.equals("postgres") ? InitialSyncBench.stateDatabase(postgres) : null;
            Files.writeString(config, config(dir, sandbox, postgres, shop, stateUrl));
            sandbox.resetCounters();

            Timed t = run(config, options.flag("profile"));
            long apiCalls = sandbox.requestCount();
            long throttled = sandbox.throttledCount();

            long start = System.nanoTime();
            ObjectsCheck.Result check = new ObjectsCheck(data, sandbox, shop).verify();
            Log.info("checked both sides in %.1f s: %s", (System.nanoTime() - start) / 1e9, check.summary());
            if (!check.problems().isEmpty()) {
                check.problems().stream().limit(20).forEach(p -> Log.info("  wrong: %s", p));
                throw new IllegalStateException(check.problems().size() + " problems after the sync, e.g. "
                        + check.problems().get(0));
            }
            return figures(t, data, apiCalls, throttled, check).put("state", state);
        } finally {
            if (options.flag("keep")) {
                Log.info("kept %s", dir);
            } else {
                deleteQuietly(dir);
            }
        }
    }

    private static void seedSandbox(SandboxServer sandbox, ObjectsData data) {
        long start = System.nanoTime();
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (String type : TYPES) {
            List<Map<String, String>> maps = new ArrayList<>();
            data.hubspot().of(type).forEach(r -> maps.add(r.properties()));
            ids.put(type, sandbox.seed(type, maps));
        }
        int pairsSeeded = 0;
        for (Link link : LINKS) {
            List<String[]> pairs = new ArrayList<>();
            List<ObjectsData.Row> rows = data.hubspot().of(link.from());
            for (int i = 0; i < rows.size(); i++) {
                for (int to : rows.get(i).associated().getOrDefault(link.to(), new int[0])) {
                    pairs.add(new String[] {ids.get(link.from()).get(i), ids.get(link.to()).get(to)});
                }
            }
            sandbox.seedAssociations(link.from(), link.to(), link.hubspotTypeId(), pairs);
            pairsSeeded += pairs.size();
        }
        Log.info("seeded %,d records and %,d associations into the sandbox in-process in %.1f s",
                data.hubspot().size(), pairsSeeded, (System.nanoTime() - start) / 1e9);
    }

    /**
     * One object sync's outcome. Only its counts are kept, not its {@link RunReport}, which holds the run's plan:
     * {@code crmsync run} lets each report go before the next object sync, and so does the benchmark.
     */
    record ObjectRun(String object, RunCounts counts, double seconds) {
    }

    /**
     * The run's outcome.
     *
     * @param seconds    wall time, s
     * @param cpuSeconds CPU time of this JVM (crmsync and the in-process sandbox; not PostgreSQL), s
     */
    record Timed(List<ObjectRun> objects, double seconds, double cpuSeconds, long peakHeapMb, double gcSeconds) {
    }

    /** As {@code crmsync run}: open the workspace (checks and schemas), run each object sync that is on, close. */
    private static Timed run(Path config, boolean profile) {
        System.gc();
        HeapMeter heap = new HeapMeter();
        StackSampler sampler = profile ? new StackSampler(Thread.currentThread()) : null;
        List<ObjectRun> objects = new ArrayList<>();
        long cpuStart = cpuNanos();
        long start = System.nanoTime();
        try (Workspace w = Workspace.open(config, System.getenv())) {
            for (Workspace.BoundObjectSync os : w.objectSyncs()) {
                if (!os.enabled()) {
                    continue;
                }
                InitialSyncBench.PhaseClock phases = new InitialSyncBench.PhaseClock();
                long objectStart = System.nanoTime();
                phases.start = objectStart;
                RunReport r = w.run(os, RunOptions.defaults(), phases);
                double s = (System.nanoTime() - objectStart) / 1e9;
                RunCounts c = r.counts();
                objects.add(new ObjectRun(r.object(), c, s));
                Log.info("%s: %.2f s; read %,d, created %,d/%,d, updated %,d/%,d (hubspot/shop), matched %,d, "
                        + "conflicts %,d, failed %,d %s, excluded %,d", r.object(), s, c.read(), c.createdA(),
                        c.createdB(), c.updatedA(), c.updatedB(), c.matched(), c.conflicts(), c.failed(), r.failed(),
                        c.excluded());
                Log.info("  phases (s since %s began, first..last report): %s", r.object(), phases.summary());
            }
        } finally {
            heap.close();
            if (sampler != null) {
                sampler.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
        Log.info("run: %.2f s (CPU %.1f s), heap peak %,d MB, GC %.1f s", seconds, cpuSeconds, heap.peakMb(),
                heap.gcSeconds());
        if (sampler != null) {
            System.err.print(sampler.report(20));
        }
        return new Timed(objects, seconds, cpuSeconds, heap.peakMb(), heap.gcSeconds());
    }

    /** CPU time of this JVM, all threads, ns. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Figures figures(Timed t, ObjectsData data, long apiCalls, long throttled,
                                   ObjectsCheck.Result check) {
        long records = data.hubspot().size() + data.shop().size();
        long failed = t.objects().stream().mapToLong(o -> o.counts().failed()).sum();
        Figures f = new Figures()
                .put("records_per_s", records / t.seconds(), 0)
                .put("peak_heap_mb", t.peakHeapMb())
                .put("api_calls", apiCalls)
                .put("seconds", t.seconds(), 2)
                .put("records", records)
                .put("throttled", throttled)
                .put("failed", failed)
                .put("cpu_seconds", t.cpuSeconds(), 1)
                .put("gc_seconds", t.gcSeconds(), 1)
                .put("associations_checked", check.associations());
        for (ObjectRun o : t.objects()) {
            RunCounts c = o.counts();
            String p = o.object() + "_";
            f.put(p + "seconds", o.seconds(), 2)
                    .put(p + "read", c.read())
                    .put(p + "created_hubspot", c.createdA())
                    .put(p + "created_shop", c.createdB())
                    .put(p + "updated_hubspot", c.updatedA())
                    .put(p + "updated_shop", c.updatedB())
                    .put(p + "matched", c.matched())
                    .put(p + "failed", c.failed());
        }
        return f;
    }

    /** @param stateUrl the state store on PostgreSQL, or {@code null} for an H2 file in {@code dir} */
    private static String config(Path dir, SandboxServer sandbox, BenchPostgres postgres, ObjectsShop shop,
                                 String stateUrl) {
        StringBuilder shopObjects = new StringBuilder();
        StringBuilder objectSyncs = new StringBuilder();
        for (String type : TYPES) {
            shopObjects.append(shop.config(type));
            objectSyncs.append("""
                          %s:
                            types: {hubspot: %s, shop: %s}
                            direction: two-way
                            defaultApp: hubspot
                            match: default
                    """.formatted(type, type, type));
        }
        return """
                # Written by bench/run objects-initial.
                state: %s
                apps:
                  hubspot:
                    type: hubspot
                    token: %s
                    baseUrl: http://127.0.0.1:%d
                    objects: [%s]
                    associations: [%s]
                    requestsPer10s: 1000000
                  shop:
                    type: jdbc
                    url: %s
                    user: %s
                    objects:
                %ssyncs:
                  hubspot-shop:
                    apps: [hubspot, shop]
                    objects:
                %s""".formatted(stateUrl == null ? "jdbc:h2:file:" + dir.resolve("state").resolve("state")
                        : "\n  url: \"" + stateUrl + "\"\n  user: " + postgres.user(),
                SandboxServer.DEFAULT_TOKEN, sandbox.port(),
                String.join(", ", TYPES), String.join(", ", LINKS.stream().map(Link::to).distinct().toList()),
                postgres.url(), postgres.user(), shopObjects, objectSyncs);
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
