package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
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
            String found = intent == null ? null : find(target, intent[1]);
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

    /** The id of the one unlinked record in the target holding the identifier, or {@code null}. */
    private String find(Side target, String key) {
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
        candidates.removeIf(linked::containsKey);
        return candidates.size() == 1 ? candidates.get(0) : null;
    }
}
