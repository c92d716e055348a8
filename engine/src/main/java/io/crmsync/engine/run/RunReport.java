package io.crmsync.engine.run;

import io.crmsync.engine.plan.Plan;
import io.crmsync.engine.state.RunCounts;
import java.util.Map;

/**
 * The outcome of one run (or, for a dry run, of its plan) of one object sync.
 *
 * @param sync       sync name
 * @param object     object sync name
 * @param appA       app A
 * @param appB       app B
 * @param runId      the stored run's id, or 0 for a dry run
 * @param initial    {@code true} for an initial sync
 * @param counts     what was (or would be) written
 * @param failed     records that failed in this run, by category
 * @param excluded   records excluded in this run, by reason
 * @param plan       the plan the run carried out (samples for {@code crmsync plan})
 * @param deletesFound linked records found deleted in this run that were not known deleted before, by app name
 *                     (reported by a change feed, read back as missing, or found by reconciliation)
 */
public record RunReport(String sync, String object, String appA, String appB, long runId, boolean initial,
                        RunCounts counts, Map<String, Integer> failed, Map<String, Integer> excluded, Plan plan,
                        Map<String, Integer> deletesFound) {
    public RunReport {
        deletesFound = deletesFound == null ? Map.of() : Map.copyOf(deletesFound);
    }

    /** A report without deletes found. */
    public RunReport(String sync, String object, String appA, String appB, long runId, boolean initial,
                     RunCounts counts, Map<String, Integer> failed, Map<String, Integer> excluded, Plan plan) {
        this(sync, object, appA, appB, runId, initial, counts, failed, excluded, plan, Map.of());
    }

    /** Deletes found in this run, both apps together. */
    public int deletesFoundTotal() {
        return deletesFound.values().stream().mapToInt(Integer::intValue).sum();
    }
}
