package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.state.LinkStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds linked records that were deleted without any change feed saying so (DESIGN.md §2.5): a HubSpot GDPR
 * delete or a record purged from the recycle bin, a row deleted from a table without a change trigger.
 *
 * <p>It compares the linked ids of an object sync (links that are paired and not already
 * {@code FAILED(RECORD_DELETED)}) with the ids that still exist:
 * <ul>
 *   <li>on a side whose change read was a full scan ({@code ChangePage#fullScan}), the read returned every record,
 *       so a linked id it did not return is deleted; this costs no extra read;</li>
 *   <li>otherwise, only when reconciliation is asked for ({@link RunOptions#reconcile()}), the linked ids not read
 *       in this run are read again by id, in batches of the connector's {@code maxBatchSize} (HubSpot: 100 ids per
 *       batch read call, so 100,000 links cost 1,000 calls); an id the app no longer returns, or returns archived,
 *       is deleted.</li>
 * </ul>
 * The ids found are added to the run's {@code gone} sets, so the planner treats them like deletes a feed
 * reported: {@code FAILED(RECORD_DELETED)}, or the partner archived under {@code deletes: propagate}.
 *
 * <p>Not thread-safe; one instance per run.
 */
final class Reconciler {
    /** Linked ids read back per slice. */
    private static final int SLICE = 1_000;
    private final Map<Side, Connector> connectors;
    private final ObjectSyncSettings settings;
    private final boolean byId;

    /**
     * @param byId {@code true} to read linked ids back from apps whose feed was not a full scan
     *             ({@code crmsync run --reconcile})
     */
    Reconciler(Map<Side, Connector> connectors, ObjectSyncSettings settings, boolean byId) {
        this.connectors = connectors;
        this.settings = settings;
        this.byId = byId;
    }

    /**
     * Adds the linked ids found deleted to {@code gone}.
     *
     * @param records   the records read in this run, per side (not changed)
     * @param gone      ids known deleted in this run, per side; the ids found are added
     * @param fullScans the sides whose change read returned every record
     * @return records read to check existence (0 when nothing was read back)
     */
    int reconcile(LinkStore links, long osId, Map<Side, Map<String, Record>> records, Map<Side, Set<String>> gone,
                  Set<Side> fullScans) {
        if (!byId && fullScans.isEmpty()) {
            return 0;
        }
        Map<Side, Map<String, Link>> all = links.all(osId);
        int read = 0;
        for (Side side : Side.values()) {
            if (!byId && !fullScans.contains(side)) {
                continue;
            }
            List<String> unseen = new ArrayList<>();
            for (Link l : all.get(side).values()) {
                String id = l.id(side);
                if (l.paired() && !l.deleted()
                        && !records.get(side).containsKey(id) && !gone.get(side).contains(id)) {
                    unseen.add(id);
                }
            }
            if (fullScans.contains(side)) {
                gone.get(side).addAll(unseen);
                continue;
            }
            read += readBack(side, unseen, gone.get(side));
        }
        return read;
    }

    private int readBack(Side side, List<String> ids, Set<String> gone) {
        int read = 0;
        // A slice at a time, so that reconciling 100,000 links never holds 100,000 records.
        for (int i = 0; i < ids.size(); i += SLICE) {
            List<String> slice = ids.subList(i, Math.min(ids.size(), i + SLICE));
            Map<String, Record> found = RecordsById.read(connectors.get(side), settings.schema(side).objectType(),
                    slice);
            for (String id : slice) {
                Record r = found.get(id);
                if (r == null || r.archived()) {
                    gone.add(id);
                }
            }
            read += found.size();
        }
        return read;
    }

    /**
     * Linked records found deleted in this run that were not known deleted before, per side: what a run reports
     * as "deletes found".
     */
    static Map<Side, Integer> newlyDeleted(Map<Side, Map<String, Link>> links, Map<Side, Set<String>> gone) {
        Map<Side, Integer> out = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            int n = 0;
            for (String id : gone.get(side)) {
                Link l = links.get(side).get(id);
                if (l != null && l.paired() && !l.deleted()) {
                    n++;
                }
            }
            out.put(side, n);
        }
        return out;
    }
}
