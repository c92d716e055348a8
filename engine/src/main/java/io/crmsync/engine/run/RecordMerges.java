package io.crmsync.engine.run;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.state.LinkWrite;
import io.crmsync.engine.state.StateStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-points links when records of one app were merged into another record of the same app (hubspot.md §B.11:
 * "sync engines must re-point their link table on merge events"). For each merged record:
 * <ul>
 *   <li>only the merged record was linked: its link now points to the survivor, so the survivor syncs with the
 *       merged record's partner, and nothing is created for it;</li>
 *   <li>both were linked: the survivor keeps its link; the merged record's link becomes
 *       {@code FAILED(RECORD_DELETED)} "merged into &lt;id&gt; in &lt;app&gt;", so its partner is neither re-created
 *       in the merging app nor deleted (as for any delete, DESIGN.md §2.5);</li>
 *   <li>the merged record was not linked: nothing to do.</li>
 * </ul>
 * Webhooks arrive in any order (hubspot.md §B.8), so a push naming the merged record may be served before the merge
 * event: the record is not found and its link becomes {@code FAILED(RECORD_DELETED)}. Under {@code deletes: keep}
 * in that app its partner was left alone, so such a link is still re-pointed to an unlinked survivor and syncs
 * again; under {@code propagate} the partner is already archived and the link stays as it is.
 * Idempotent: a merge seen again (the survivor keeps listing its merged ids) changes nothing. Only links change;
 * no app is called. Thread-safe (stateless).
 */
public final class RecordMerges {
    /**
     * The property that lists the ids merged into a record, {@code ;}-separated (HubSpot's
     * {@code hs_merged_object_ids}, hubspot.md §B.11); a run reads it on every changed record that has it.
     */
    public static final String MERGED_IDS = "hs_merged_object_ids";

    /**
     * What a merge did to the links.
     *
     * @param repointed links moved from a merged record to the survivor
     * @param failed    links of merged records that became FAILED(RECORD_DELETED) because the survivor has its own
     */
    public record Outcome(int repointed, int failed) {
        static final Outcome NONE = new Outcome(0, 0);

        Outcome plus(Outcome o) {
            return new Outcome(repointed + o.repointed, failed + o.failed);
        }
    }

    private RecordMerges() {
    }

    /**
     * Re-points the links of an object sync after a merge reported by a push (a {@code contact.merge} webhook:
     * {@code mergedObjectIds} into {@code primaryObjectId}, or {@code newObjectId} when HubSpot gave the survivor a
     * new id). Takes the object sync's run lease, so it waits for a run in progress.
     *
     * @param side      the app where the records were merged
     * @param mergedIds the ids of the records merged away (the survivor's own id among them is ignored)
     * @param survivor  the id of the record that remains
     * @param options   only the lease wait and lifetime are used
     * @throws ObjectSyncBusyException when a run held the object sync for longer than the lease wait
     * @throws io.crmsync.engine.state.StateException when the state store cannot be read or written
     */
    public static Outcome mergeRecords(StateStore store, ObjectSyncSettings settings, Side side,
                                       Collection<String> mergedIds, String survivor, RunOptions options) {
        long osId = store.objectSyncId(settings.sync(), settings.object(), settings.schema(Side.A).objectType(),
                settings.schema(Side.B).objectType());
        try (RunLease lease = RunLease.acquire(store, osId, settings.label(), options)) {
            return repoint(store, osId, settings.app(side), side, mergedIds, survivor, revivable(settings, side));
        }
    }

    /**
     * The merges that changed records of a run name in {@link #MERGED_IDS}; the caller holds the run lease.
     *
     * @param records the records read in the run, per side
     */
    static Outcome fromRecords(StateStore store, long osId, ObjectSyncSettings settings,
                               Map<Side, Map<String, Record>> records) {
        Map<Side, Map<String, List<String>>> merges = new EnumMap<>(Side.class);
        Map<Side, Set<String>> mergedIds = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            merges.put(side, new java.util.LinkedHashMap<>());
            mergedIds.put(side, new LinkedHashSet<>());
            for (Record r : records.get(side).values()) {
                String merged = r.get(MERGED_IDS);
                if (merged != null && !merged.isBlank() && !r.archived()) {
                    List<String> ids = List.of(merged.split(";"));
                    merges.get(side).put(r.id(), ids);
                    ids.forEach(id -> mergedIds.get(side).add(id.strip()));
                }
            }
        }
        if (mergedIds.values().stream().allMatch(Set::isEmpty)) {
            return Outcome.NONE;
        }
        // One lookup for all: most merges were re-pointed by an earlier run, or never involved a linked record.
        Map<Side, Map<String, Link>> linked = store.links().find(osId, mergedIds);
        Outcome out = Outcome.NONE;
        for (Side side : Side.values()) {
            for (Map.Entry<String, List<String>> m : merges.get(side).entrySet()) {
                boolean revive = revivable(settings, side);
                boolean pending = m.getValue().stream().map(id -> linked.get(side).get(id.strip())).anyMatch(l ->
                        l != null && l.paired() && (revive || !l.deleted()));
                if (pending) {
                    out = out.plus(repoint(store, osId, settings.app(side), side, m.getValue(), m.getKey(), revive));
                }
            }
        }
        return out;
    }

    private static boolean revivable(ObjectSyncSettings settings, Side side) {
        return settings.deletePolicy(side) == DeletePolicy.KEEP;
    }

    static Outcome repoint(StateStore store, long osId, String app, Side side, Collection<String> mergedIds,
                           String survivorId, boolean revive) {
        Set<String> merged = new LinkedHashSet<>();
        mergedIds.stream().map(String::strip).filter(id -> !id.isEmpty() && !id.equals(survivorId))
                .forEach(merged::add);
        if (merged.isEmpty()) {
            return Outcome.NONE;
        }
        Set<String> wanted = new LinkedHashSet<>(merged);
        wanted.add(survivorId);
        Map<Side, Set<String>> ids = new EnumMap<>(Side.class);
        ids.put(side, wanted);
        ids.put(side.other(), Set.of());
        Map<Side, Map<String, Link>> found = store.links().find(osId, ids);
        store.links().complete(found);
        Link survivor = found.get(side).get(survivorId);
        List<LinkWrite> writes = new ArrayList<>();
        int repointed = 0;
        int failed = 0;
        for (String id : merged) {
            Link l = found.get(side).get(id);
            boolean survivorFree = survivor == null || !survivor.paired();
            if (l == null || !l.paired() || (l.deleted() && !(revive && survivorFree))) {
                continue;
            }
            if (survivorFree) {
                // The survivor's own unpaired row (excluded, say) gives way: the record is now this pair's. A link
                // failed as deleted by an earlier push of the merged id syncs again (see the class comment).
                List<Long> obsolete = survivor == null ? List.of() : List.of(survivor.id());
                String idA = side == Side.A ? survivorId : l.idA();
                String idB = side == Side.B ? survivorId : l.idB();
                RecordState state = l.deleted() ? RecordState.SYNCING : l.state();
                String reason = l.deleted() ? null : l.reason();
                String message = l.deleted() ? null : l.message();
                int attempts = l.deleted() ? 0 : l.attempts();
                writes.add(new LinkWrite(l.id(), obsolete, idA, idB, l.base(), state, reason, message, attempts,
                        null, null, null));
                survivor = new Link(l.id(), idA, idB, l.base(), state, reason, message, attempts);
                repointed++;
            } else {
                writes.add(new LinkWrite(l.id(), List.of(), l.idA(), l.idB(), l.base(), RecordState.FAILED,
                        FailureCategory.RECORD_DELETED.name(), "merged into " + survivorId + " in " + app, 0, null,
                        null, null));
                failed++;
            }
        }
        if (!writes.isEmpty()) {
            store.links().commit(osId, null, writes, List.of());
        }
        return new Outcome(repointed, failed);
    }
}
