package io.crmsync.engine.run;

import io.crmsync.api.Record;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.References;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The links of associated records (DESIGN.md §2.6): association values compare and translate across apps through
 * the links of the associated object syncs, which run first. Used by a run and by {@link DeletedRecordResync} for
 * the records it re-creates. Thread-safe (stateless).
 */
final class AssociatedLinks {
    private AssociatedLinks() {
    }

    /**
     * The links, in the associated object syncs, of the ids that {@code records} name in their association fields
     * (and of the companies a company-from-email-domain lookup found), by associated object, then side, then id.
     * Reads the state store only.
     *
     * @throws io.crmsync.engine.state.StateException when the state store cannot be read
     */
    static References of(ObjectSyncSettings settings, StateStore store, Map<Side, Map<String, Record>> records) {
        Set<String> associated = settings.associations();
        if (associated.isEmpty()) {
            return References.NONE;
        }
        Map<String, Map<Side, Map<String, Link>>> out = new HashMap<>();
        for (String object : associated) {
            Map<Side, Set<String>> ids = new EnumMap<>(Side.class);
            for (Side side : Side.values()) {
                Set<String> values = new HashSet<>();
                for (FieldMapping m : settings.mappings()) {
                    if (object.equals(m.association())) {
                        for (Record r : records.get(side).values()) {
                            values.addAll(References.ids(m.def(side), r.get(m.property(side))));
                        }
                    }
                }
                if (settings.companyFromDomain() != null && object.equals(settings.companyFromDomain().association())) {
                    values.addAll(CompanyLookup.ids(settings, side));
                }
                ids.put(side, values);
            }
            store.findObjectSyncId(settings.sync(), object).ifPresent(id -> out.put(object, store.links().find(id,
                    ids)));
        }
        return new References(out);
    }
}
