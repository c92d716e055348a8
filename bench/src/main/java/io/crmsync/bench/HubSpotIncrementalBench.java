package io.crmsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code hubspot-incremental}: what a poll costs once the initial sync is done. Same setup as
 * {@link HubSpotInitialBench} (default 2,000 contacts per side); then the initial sync, a pause, a run with no
 * change, then {@code --changes} contacts edited in the sandbox through its HTTP API (a PATCH each, as a user's
 * edit would arrive; not counted), a pause, and the measured incremental run.
 *
 * <p>The pauses ({@code --pause-ms}, default {@value #DEFAULT_PAUSE_MS} ms) stand for a poll interval: longer
 * than the connector's {@code indexingLagMs} (5,000 ms), the overlap a change read re-reads before its checkpoint
 * because search indexes writes late, and than the sandbox's search indexing delay (1,000 ms). The incremental
 * run must apply every change to PostgreSQL; the benchmark fails (exit 1) when it does not.
 *
 * <p>Figures ({@code seconds} in s): {@code api_calls} (HTTP requests of the incremental run, opening the
 * workspace included; target ≤ {@value #TARGET_CALLS}), {@code changes_applied} (changed last names found in
 * PostgreSQL), {@code seconds}, {@code meets_target}, and the run with no change's {@code second_run_api_calls}.
 *
 * <p>Options: {@code --records N} (2000), {@code --changes C} (10), {@code --rate R} (100), {@code --seed S}
 * (42), {@code --pause-ms P}, {@code --keep}.
 */
final class HubSpotIncrementalBench implements Main.Benchmark {
    static final int TARGET_CALLS = 3;
    static final long DEFAULT_PAUSE_MS = HubSpotBench.CONNECTOR_INDEXING_LAG_MS + 1_000;

    @Override
    public Figures run(Options options) throws Exception {
        int records = options.intValue("records", 2_000);
        int changes = options.intValue("changes", 10);
        int rate = options.intValue("rate", 100);
        long seed = options.intValue("seed", 42);
        long pauseMs = options.intValue("pause-ms", (int) DEFAULT_PAUSE_MS);
        if (records < 10 || rate < 10 || changes < 1 || changes > records) {
            throw new Options.UsageException("need --records ≥ 10, --rate ≥ 10 and 1 ≤ --changes ≤ --records");
        }
        Log.info("hubspot-incremental: %,d contacts per side, %d changes, %d requests per 10 s, pauses of %,d ms",
                records, changes, rate, pauseMs);
        try (HubSpotBench bench = HubSpotBench.start(rate, options.flag("keep"))) {
            HubSpotBench.Data data = HubSpotBench.generate(records, seed);
            List<String> ids = bench.load(data);
            HubSpotBench.Timed initial = bench.run("initial sync");
            if (initial.report().counts().failed() > 0) {
                throw new IllegalStateException("the initial sync failed records: " + initial.report().failed());
            }
            Log.info("pausing %,d ms (a poll interval)", pauseMs);
            HubSpotBench.sleep(pauseMs);
            HubSpotBench.Timed second = bench.run("second run (no change)");

            List<String> emails = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                String value = "Changed-" + i;
                patch(bench.sandbox, ids.get(i), Map.of("lastname", value));
                emails.add(data.hubspot().get(i).get("email"));
                values.add(value);
            }
            Log.info("changed the last name of %d contacts through the sandbox's API; pausing %,d ms", changes,
                    pauseMs);
            HubSpotBench.sleep(pauseMs);
            HubSpotBench.Timed third = bench.run("incremental run");

            int applied = 0;
            for (int i = 0; i < changes; i++) {
                if (values.get(i).equals(bench.shopValue(emails.get(i), "lastname"))) {
                    applied++;
                }
            }
            if (applied != changes) {
                throw new IllegalStateException("the incremental run applied " + applied + " of " + changes
                        + " changes to PostgreSQL (updated " + third.report().counts().updatedB()
                        + "): changes were missed");
            }
            boolean meets = third.apiCalls() <= TARGET_CALLS && third.throttled() == 0;
            return new Figures()
                    .put("api_calls", third.apiCalls())
                    .put("changes_applied", applied)
                    .put("seconds", third.seconds(), 3)
                    .put("meets_target", String.valueOf(meets))
                    .put("throttled", third.throttled())
                    .put("rows_read", third.report().counts().read())
                    .put("writes", third.report().counts().writes())
                    .put("second_run_api_calls", second.apiCalls())
                    .put("second_run_writes", second.report().counts().writes())
                    .put("second_run_seconds", second.seconds(), 2)
                    .put("initial_api_calls", initial.apiCalls())
                    .put("initial_seconds", initial.seconds(), 2)
                    .put("records", records)
                    .put("changes", changes)
                    .put("rate", rate)
                    .put("pause_ms", pauseMs);
        }
    }

    /** PATCH {@code /crm/v3/objects/contacts/{id}}, as a HubSpot user's edit arrives; waits out a 429. */
    private static void patch(SandboxServer sandbox, String id, Map<String, String> properties) throws Exception {
        String body = new ObjectMapper().writeValueAsString(Map.of("properties", properties));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port()
                        + "/crm/v3/objects/contacts/" + id))
                .header("Authorization", "Bearer " + SandboxServer.DEFAULT_TOKEN)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        for (int attempt = 1; r.statusCode() == 429 && attempt < 20; attempt++) {
            Thread.sleep(1_000); // over the sandbox's rate limit: wait as a client would
            r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PATCH contact " + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
