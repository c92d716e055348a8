package io.crmsync.bench;

import io.crmsync.engine.state.RunCounts;

/**
 * {@code hubspot-initial}: the initial two-way sync of contacts between the local HubSpot sandbox (app
 * {@code hubspot}, the default app) and an embedded PostgreSQL table (app {@code shop}), with the sandbox limited to
 * {@code --rate} requests per rolling 10 s window and the connector's {@code requestsPer10s} set to the same rate.
 *
 * <p>Setup (not timed, not counted): {@link HubSpotBench#generate} contacts, seeded in-process into the sandbox and
 * with JDBC into PostgreSQL, then the sandbox's request counters are reset. The timed sync is one
 * {@link HubSpotBench#run}: opening the workspace (the connector's check and schema calls) and the run.
 *
 * <p>The bound: reading HubSpot takes at least {@code ceil(read / 100)} list calls and writing it at least
 * {@code ceil(written / 100)} batch calls (HubSpot's page and batch limit); at {@code rate} requests per 10 s that
 * is {@code bound_calls / (rate / 10)} seconds. Figures (seconds in s, heap in MB): see {@code bench/README.md}.
 *
 * <p>Options: {@code --records N} contacts per side (default 20000), {@code --rate R} requests per 10 s (100),
 * {@code --seed S} (42), {@code --keep} to keep the temporary folder, {@code --profile} to log where the run's
 * main thread spends its wall time.
 */
final class HubSpotInitialBench implements Main.Benchmark {
    /** HubSpot's list page size and batch size: records per call. */
    static final int PER_CALL = 100;
    /** Targets: seconds and calls within 10 % of the bound. */
    static final double SLACK = 1.10;

    @Override
    public Figures run(Options options) throws Exception {
        int records = options.intValue("records", 20_000);
        int rate = options.intValue("rate", 100);
        long seed = options.intValue("seed", 42);
        if (records < 10 || rate < 10) {
            throw new Options.UsageException("--records and --rate must be at least 10");
        }
        Log.info("hubspot-initial: %,d contacts per side, %d requests per 10 s, seed %d", records, rate, seed);
        try (HubSpotBench bench = HubSpotBench.start(rate, options.flag("keep"))) {
            bench.profile = options.flag("profile");
            HubSpotBench.Data data = HubSpotBench.generate(records, seed);
            Log.info("generated %,d + %,d contacts: %,d emails on both sides, %,d pairs differ in the job title",
                    data.hubspot().size(), data.shop().size(), data.shared(), data.differing());
            bench.load(data);
            HubSpotBench.Timed t = bench.run("initial sync");
            return figures(t, data.hubspot().size(), rate);
        }
    }

    /**
     * The figures of an initial sync.
     *
     * @param readFromHubSpot records listed from the sandbox (all of them, on an initial sync)
     * @param rate            requests per 10 s
     */
    static Figures figures(HubSpotBench.Timed t, int readFromHubSpot, int rate) {
        RunCounts c = t.report().counts();
        long written = (long) c.createdA() + c.updatedA() + c.deletedA();
        long boundCalls = ceilDiv(readFromHubSpot, PER_CALL) + ceilDiv(written, PER_CALL);
        double boundSeconds = boundCalls / (rate / 10.0);
        boolean meets = t.seconds() <= SLACK * boundSeconds && t.apiCalls() <= SLACK * boundCalls
                && t.throttled() == 0 && c.failed() == 0;
        return new Figures()
                .put("api_calls", t.apiCalls())
                .put("bound_calls", boundCalls)
                .put("seconds", t.seconds(), 2)
                .put("bound_seconds", boundSeconds, 2)
                .put("throttled", t.throttled())
                .put("meets_target", String.valueOf(meets))
                .put("records_per_s", 2.0 * readFromHubSpot / t.seconds(), 0)
                .put("peak_heap_mb", t.peakHeapMb())
                .put("read_hubspot", readFromHubSpot)
                .put("written_hubspot", written)
                .put("created_hubspot", c.createdA())
                .put("updated_hubspot", c.updatedA())
                .put("created_shop", c.createdB())
                .put("updated_shop", c.updatedB())
                .put("matched", c.matched())
                .put("conflicts", c.conflicts())
                .put("failed", c.failed())
                .put("excluded", c.excluded())
                .put("rate", rate);
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
