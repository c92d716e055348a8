package io.crmsync.engine.run;

import io.crmsync.api.Record;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.ObjectSyncSettings;
import java.util.Comparator;
import java.util.List;

/**
 * Tells whether a changed record still equals its base on every enabled field: then the change is crmsync's own
 * write coming back, or a change of unmapped properties, and costs a read but never a write (case C-09).
 */
final class EchoFilter {
    private final ObjectSyncSettings settings;
    /** The enabled mappings in the order of their ids, the order digests are computed in. */
    private final List<FieldMapping> sorted;
    private final String[] ids;

    EchoFilter(ObjectSyncSettings settings) {
        this.settings = settings;
        this.sorted = settings.mappings().stream().filter(FieldMapping::enabled)
                .sorted(Comparator.comparing(FieldMapping::id)).toList();
        this.ids = sorted.stream().map(FieldMapping::id).toArray(String[]::new);
    }

    boolean equalsBase(Side side, Record record, Base base) {
        String stored = base.digest(side);
        if (stored == null) {
            return false;
        }
        String[] values = new String[sorted.size()];
        for (int i = 0; i < values.length; i++) {
            FieldMapping m = sorted.get(i);
            values[i] = m.canonical(settings, side, record.get(m.property(side)));
        }
        // The digest covers exactly the stored keys: a base with keys of mappings since turned off never
        // matches, and the record is then compared in full by the planner (slower, never wrong).
        return Base.digestOfSorted(ids, values).equals(stored);
    }
}
