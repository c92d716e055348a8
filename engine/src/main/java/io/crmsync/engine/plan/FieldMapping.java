package io.crmsync.engine.plan;

import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.ValueCodec;
import java.util.Objects;

/**
 * One field mapping of an object sync, bound to both apps' property definitions.
 *
 * @param defA      property in app A
 * @param defB      property in app B
 * @param direction effective direction of this field (the object sync's, or a per-mapping override)
 * @param enabled   {@code false} when toggled off: the field is neither compared nor written
 * @param key       identifier normalisation when this field is a matching key (email, domain), else {@code null}
 */
public record FieldMapping(PropertyDef defA, PropertyDef defB, Direction direction, boolean enabled, KeyKind key) {
    public FieldMapping {
        Objects.requireNonNull(defA, "defA");
        Objects.requireNonNull(defB, "defB");
        Objects.requireNonNull(direction, "direction");
    }

    /** The key of this field in the stored base: {@code propertyA=propertyB}. */
    public String id() {
        return defA.name() + "=" + defB.name();
    }

    public PropertyDef def(Side side) {
        return side == Side.A ? defA : defB;
    }

    public String property(Side side) {
        return def(side).name();
    }

    public PropertyType compareType() {
        return ValueCodec.compareType(defA.type(), defB.type());
    }
}
