package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.state.CreateIntent;
import io.crmsync.engine.state.IntentStore;
import io.crmsync.engine.state.LinkWrite;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves creates left in flight by a crash (DESIGN.md §2.4): the intent stored before the call names the
 * identifier sent; the target app is searched for it. Found and unlinked: the pair is linked. Not found: the
 * source record is planned again, so it is created exactly once.
 */
final class IntentRecovery {
    private final ObjectSyncSettings settings;
    private final Map<Side, Connector> connectors;
    private final StateStore store;
    private final long objectSyncId;

    IntentRecovery(ObjectSyncSettings settings, Map<Side, Connector> connectors, StateStore store, long objectSyncId) {
        this.settings = settings;
        this.connectors = connectors;
        this.store = store;
        this.objectSyncId = objectSyncId;
    }

    /** Recovers every pending create; adds the ids to read again in this run to {@code refetch}. */
    void recover(Map<Side, Set<String>> refetch) {
        recoverPendingLinks(refetch);
        List<CreateIntent> intents = store.intents().all(objectSyncId);
        if (intents.isEmpty()) {
            return;
        }
        List<LinkWrite> writes = new ArrayList<>();
        for (CreateIntent intent : intents) {
            Side source = intent.target().other();
            String found = find(intent.target(), intent.key(), intent.linkId());
            refetch.get(source).add(intent.sourceId());
            if (found != null) {
                // Linked with an empty base: the pair is merged as on a first sync, so neither side's values
                // are taken for changes (DESIGN.md §2.4).
                String idA = source == Side.A ? intent.sourceId() : found;
                String idB = source == Side.B ? intent.sourceId() : found;
                writes.add(new LinkWrite(intent.linkId(), List.of(), idA, idB, Base.EMPTY, RecordState.SYNCING, null,
                        null, 0, null, null, null));
                refetch.get(intent.target()).add(found);
            }
            // Not found: the create did not happen; the source's link (if any) is as it was, and the source is
            // planned again.
        }
        store.links().commit(objectSyncId, null, writes, List.of(), IntentStore.ALL);
    }

    /**
     * Creates in flight recorded as PENDING links, as stores written before {@code create_intents} existed hold
     * them.
     */
    private void recoverPendingLinks(Map<Side, Set<String>> refetch) {
        Map<Long, String[]> intents = store.links().intents(objectSyncId);
        if (intents.isEmpty()) {
            return;
        }
        List<LinkWrite> writes = new ArrayList<>();
        for (Link l : store.links().inState(objectSyncId, RecordState.PENDING, null)) {
            String[] intent = intents.get(l.id());
            Side target = intent == null || intent[0] == null ? (l.idA() == null ? Side.A : Side.B)
                    : Side.valueOf(intent[0].trim());
            Side source = target.other();
            String found = intent == null ? null : find(target, intent[1], l.id());
            if (found != null) {
                String idA = target == Side.A ? found : l.idA();
                String idB = target == Side.B ? found : l.idB();
                writes.add(new LinkWrite(l.id(), List.of(), idA, idB, Base.EMPTY, RecordState.SYNCING, null, null,
                        0, null, null, null));
                refetch.get(Side.A).add(idA);
                refetch.get(Side.B).add(idB);
            } else {
                writes.add(ObjectSyncRunner.unpaired(l, source));
                refetch.get(source).add(l.id(source));
            }
        }
        store.links().commit(objectSyncId, null, writes, List.of());
    }

    /**
     * The id of the one record in the target holding the identifier and not linked by another link than
     * {@code ownLink} (the link the create retries, which may still name a deleted record whose id the app gave
     * the new one again), or {@code null}.
     */
    private String find(Side target, String key, Long ownLink) {
        if (key == null || !key.contains("=")) {
            return null;
        }
        String property = key.substring(0, key.indexOf('='));
        String value = key.substring(key.indexOf('=') + 1);
        String wanted = Keys.text(value);
        String type = settings.schema(target).objectType();
        List<String> candidates = new ArrayList<>();
        for (Record r : connectors.get(target).findByIdentifier(type, property, List.of(value))) {
            if (wanted != null && wanted.equals(Keys.text(r.get(property)))) {
                candidates.add(r.id());
            }
        }
        Map<String, Link> linked = store.links().find(objectSyncId, Map.of(target, candidates)).get(target);
        candidates.removeIf(id -> linked.containsKey(id) && !Long.valueOf(linked.get(id).id()).equals(ownLink));
        return candidates.size() == 1 ? candidates.get(0) : null;
    }
}
