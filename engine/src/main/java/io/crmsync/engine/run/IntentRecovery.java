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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves creates left in flight by a crash (DESIGN.md §2.4): the intent stored before the call names the
 * identifier sent; the target app is searched for it. Found and unlinked: the pair is linked. Not found: the
 * source record is planned again, so it is created exactly once.
 */
final class IntentRecovery {
    /** Values per identifier lookup: a HubSpot batch read or search takes 100. */
    private static final int LOOKUP_BATCH = 100;
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
        List<CreateIntent> intents = store.intents().all(objectSyncId);
        if (intents.isEmpty()) {
            return;
        }
        List<String> founds = findAll(intents);
        List<LinkWrite> writes = new ArrayList<>();
        for (int n = 0; n < intents.size(); n++) {
            CreateIntent intent = intents.get(n);
            Side source = intent.target().other();
            String found = founds.get(n);
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
     * For each lookup, in order, the id of the one record in its target holding the key's value and not linked by
     * another link than its own (the link a create retries may still name a deleted record whose id the app gave
     * the new one again), or {@code null}. The values are looked up {@value #LOOKUP_BATCH} per call, per app and
     * property, not one call per create: a crash can leave two chunks of creates in flight, and one call each
     * cost HubSpot's request budget a call per record on the next run.
     */
    private List<String> findAll(List<CreateIntent> lookups) {
        Map<Side, Map<String, Set<String>>> values = new EnumMap<>(Side.class);
        for (CreateIntent l : lookups) {
            if (l.key() != null && l.key().contains("=")) {
                values.computeIfAbsent(l.target(), t -> new LinkedHashMap<>())
                        .computeIfAbsent(property(l.key()), p -> new LinkedHashSet<>()).add(value(l.key()));
            }
        }
        // target → property → normalised value → ids of the records holding it
        Map<Side, Map<String, Map<String, Set<String>>>> hits = new EnumMap<>(Side.class);
        Map<Side, Set<String>> hitIds = new EnumMap<>(Side.class);
        values.forEach((target, byProperty) -> byProperty.forEach((property, raw) -> {
            String type = settings.schema(target).objectType();
            List<String> list = new ArrayList<>(raw);
            Set<String> wanted = new HashSet<>();
            list.forEach(v -> wanted.add(Keys.text(v)));
            Map<String, Set<String>> byValue = hits.computeIfAbsent(target, t -> new HashMap<>())
                    .computeIfAbsent(property, p -> new HashMap<>());
            for (int i = 0; i < list.size(); i += LOOKUP_BATCH) {
                for (Record r : connectors.get(target).findByIdentifier(type, property,
                        list.subList(i, Math.min(list.size(), i + LOOKUP_BATCH)))) {
                    String k = Keys.text(r.get(property));
                    if (k != null && wanted.contains(k)) {
                        byValue.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(r.id());
                        hitIds.computeIfAbsent(target, t -> new LinkedHashSet<>()).add(r.id());
                    }
                }
            }
        }));
        Map<Side, Map<String, Link>> linked = hitIds.isEmpty() ? Map.of() : store.links().find(objectSyncId, hitIds);
        List<String> out = new ArrayList<>();
        for (CreateIntent l : lookups) {
            String wanted = l.key() == null || !l.key().contains("=") ? null : Keys.text(value(l.key()));
            List<String> candidates = new ArrayList<>(wanted == null ? Set.of() : hits.getOrDefault(l.target(),
                    Map.of()).getOrDefault(property(l.key()), Map.of()).getOrDefault(wanted, Set.of()));
            Map<String, Link> own = linked.getOrDefault(l.target(), Map.of());
            candidates.removeIf(id -> own.containsKey(id) && !Long.valueOf(own.get(id).id()).equals(l.linkId()));
            out.add(candidates.size() == 1 ? candidates.get(0) : null);
        }
        return out;
    }

    private static String property(String key) {
        return key.substring(0, key.indexOf('='));
    }

    private static String value(String key) {
        return key.substring(key.indexOf('=') + 1);
    }
}
