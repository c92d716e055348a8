package io.crmsync.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.engine.state.RunCounts;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON object that {@code plan --json}, {@code run --json} and {@code status --json} print
 * (DESIGN.md §4): {@code {"objectSyncs": [{"sync", "object", "linked", "created", "updated", "deleted",
 * "conflicts", "writes", "syncing", "failed", "excluded"}]}}; {@code status --json} adds "retryScheduled".
 */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode root = MAPPER.createObjectNode();
    private final ArrayNode objectSyncs = root.putArray("objectSyncs");

    /**
     * Adds one object sync.
     *
     * @param linked   pairs linked by match in the run (planned, just made, or last)
     * @param counts   the run's writes and conflicts
     * @param syncing  records syncing
     * @param failed   failed records by category
     * @param excluded excluded records by reason
     */
    void add(String sync, String object, String appA, String appB, int linked, RunCounts counts, int syncing,
             Map<String, Integer> failed, Map<String, Integer> excluded) {
        ObjectNode os = objectSyncs.addObject();
        os.put("sync", sync);
        os.put("object", object);
        os.put("linked", linked);
        perApp(os.putObject("created"), appA, counts.createdA(), appB, counts.createdB());
        perApp(os.putObject("updated"), appA, counts.updatedA(), appB, counts.updatedB());
        perApp(os.putObject("deleted"), appA, counts.deletedA(), appB, counts.deletedB());
        os.put("conflicts", counts.conflicts());
        os.put("writes", counts.writes());
        os.put("syncing", syncing);
        ObjectNode f = os.putObject("failed");
        new TreeMap<>(failed).forEach(f::put);
        ObjectNode x = os.putObject("excluded");
        new TreeMap<>(excluded).forEach(x::put);
    }

    /**
     * Adds {@code "retryScheduled": {"RATE_LIMITED": {"records", "nextAfter", "attempts"}}} to the object sync
     * added last (status only: the failed records waiting for an automatic retry); nothing when there are none,
     * so that the keys stay those of DESIGN.md §4.
     */
    void retries(Map<String, io.crmsync.engine.state.RunStore.RetrySchedule> retries) {
        if (retries.isEmpty()) {
            return;
        }
        ObjectNode node = ((ObjectNode) objectSyncs.get(objectSyncs.size() - 1)).putObject("retryScheduled");
        retries.forEach((reason, r) -> node.putObject(reason).put("records", r.records())
                .put("nextAfter", r.nextAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .put("attempts", r.maxAttempts()));
    }

    /**
     * Adds {@code "deletesFound": {"app": n}} to the object sync added last ({@code run} only): linked records
     * found deleted in the run by a change feed or by reconciliation; nothing when there are none, so that the
     * keys stay those of DESIGN.md §4.
     */
    void deletesFound(Map<String, Integer> found) {
        if (found.values().stream().allMatch(n -> n == 0)) {
            return;
        }
        ObjectNode node = ((ObjectNode) objectSyncs.get(objectSyncs.size() - 1)).putObject("deletesFound");
        new TreeMap<>(found).forEach(node::put);
    }

    /**
     * Adds {@code "enabled": false} to the object sync added last when it is turned off (in the config or by
     * {@code crmsync disable}); nothing when it is on, so that the keys stay those of DESIGN.md §4.
     */
    void turnedOff(boolean off) {
        if (off) {
            ((ObjectNode) objectSyncs.get(objectSyncs.size() - 1)).put("enabled", false);
        }
    }

    private static void perApp(ObjectNode node, String appA, int a, String appB, int b) {
        node.put(appA, a);
        // Both sides of a sync may be one app (two tables of one database): add rather than overwrite.
        node.put(appB, node.has(appB) ? node.get(appB).asInt() + b : b);
    }

    String toJson() {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
