package io.crmsync.engine.plan;

import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.value.ConversionException;
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
 * @param association for an association (the id of a record of another object sync, DESIGN.md §2.6): that
 *                  object sync's name, whose links translate the value between apps; else {@code null}
 */
public record FieldMapping(PropertyDef defA, PropertyDef defB, Direction direction, boolean enabled, KeyKind key,
                           String association) {
    public FieldMapping {
        Objects.requireNonNull(defA, "defA");
        Objects.requireNonNull(defB, "defB");
        Objects.requireNonNull(direction, "direction");
    }

    /** A mapping of two properties (not an association). */
    public FieldMapping(PropertyDef defA, PropertyDef defB, Direction direction, boolean enabled, KeyKind key) {
        this(defA, defB, direction, enabled, key, null);
    }

    /**
     * The canonical form of {@code raw}, a value of this field in {@code side}'s app: by the codec, or for an
     * association by the link of the associated record.
     */
    public String canonical(ObjectSyncSettings settings, Side side, String raw) {
        if (association != null) {
            return settings.references().canonical(association, side, def(side), raw);
        }
        return settings.codec().canonical(raw, def(side), compareType(), key);
    }

    /**
     * {@code raw}, a value of this field in {@code source}'s app, as the other app's native text.
     *
     * @throws ConversionException when it cannot be converted, or (association) the record is not linked yet
     */
    public String convert(ObjectSyncSettings settings, Side source, String raw) throws ConversionException {
        if (association != null) {
            return settings.references().translate(association, source.other(), def(source),
                    def(source.other()), raw, settings.app(source));
        }
        return settings.codec().convert(raw, def(source), def(source.other()), key);
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
