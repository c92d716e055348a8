package io.crmsync.engine.plan;

import io.crmsync.api.Record;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.Side;
import java.util.Map;
import java.util.Set;

/**
 * What the planner sees of one run: the records read from both apps (changed records, their partners, and
 * identifier candidates), the stored links of those records, and the ids known to be gone.
 *
 * @param records records by id, per side
 * @param links   stored links by the record's id, per side (a pair's link appears under both ids)
 * @param gone    ids of linked records that no longer exist or are archived, per side
 */
public record PlanInput(Map<Side, Map<String, Record>> records, Map<Side, Map<String, Link>> links,
                        Map<Side, Set<String>> gone) {
}
