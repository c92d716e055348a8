package io.crmsync.engine.run;

import io.crmsync.api.Record;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.ObjectSyncSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells whether a changed record still equals its base on every enabled field: then the change is crmsync's own
 * write coming back, or a change of unmapped properties, and costs a read but never a write (case C-09).
 */
final class EchoFilter {
    private final ObjectSyncSettings settings;

    EchoFilter(ObjectSyncSettings settings) {
        this.settings = settings;
    }

    boolean equalsBase(Side side, Record record, Base base) {
        Map<String, String> values = new HashMap<>();
        for (FieldMapping m : settings.mappings()) {
            if (m.enabled()) {
                values.put(m.id(), settings.codec().canonical(record.get(m.property(side)), m.def(side),
                        m.compareType(), m.key()));
            }
        }
        // The digest covers exactly the stored keys: a base with keys of mappings since turned off never
        // matches, and the record is then compared in full by the planner (slower, never wrong).
        return Base.digestOf(values).equals(base.digest(side));
    }
}
