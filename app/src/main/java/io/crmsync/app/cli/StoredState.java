package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.ObjectSyncRef;
import io.crmsync.engine.state.RunCounts;
import io.crmsync.engine.state.RunStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One object sync's records as they stand in the state store: counts per state and reason, and its last run.
 *
 * @param objectSyncId the store's id of the object sync
 * @param byState      state → reason ("" when none) → records
 * @param lastRun      counts of the last finished run, if any
 * @param retries      failed records waiting for an automatic retry, by category
 */
record StoredState(long objectSyncId, Map<String, Map<String, Integer>> byState, Optional<RunCounts> lastRun,
                   Map<String, RunStore.RetrySchedule> retries) {

    static StoredState of(Workspace workspace, ObjectSyncRef os) {
        long id = objectSyncId(workspace, os);
        return new StoredState(id, workspace.store().runs().stateCounts(id), workspace.store().runs().last(id),
                workspace.store().runs().retrySchedule(id));
    }

    /**
     * The store's id of an object sync. The store registers an object sync on first use, so asking for it
     * before the first run adds a row to the state store (never to an app).
     */
    static long objectSyncId(Workspace workspace, ObjectSyncRef os) {
        return workspace.store().objectSyncId(os.sync(), os.object(), os.typeA(), os.typeB());
    }

    /** Records in a state (SYNCING, FAILED, EXCLUDED, PENDING), all reasons together. */
    int total(String state) {
        return byState.getOrDefault(state, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Records in a state by reason, sorted by reason. */
    Map<String, Integer> reasons(String state) {
        Map<String, Integer> out = new TreeMap<>(byState.getOrDefault(state, Map.of()));
        out.remove("");
        return out;
    }

    int syncing() {
        return total("SYNCING");
    }

    int failed() {
        return total("FAILED");
    }
}
