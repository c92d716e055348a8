package io.crmsync.app.config;

import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import java.util.Objects;

/**
 * One user field mapping of an object sync; it adds to or overrides the connectors' default mapping of the
 * same pair of properties.
 *
 * @param propA     property in app A
 * @param propB     property in app B
 * @param enabled   {@code false} turns the mapping off (e.g. to switch off a default mapping)
 * @param direction a per-mapping direction override, or {@code null} to follow the object sync
 * @param keyPath   where the mapping is in the config, e.g. {@code syncs.crm-shop.objects.contacts.mappings[2]},
 *                  for later error messages
 */
public record MappingConfig(String propA, String propB, boolean enabled, Direction direction, String keyPath) {
    public MappingConfig {
        Objects.requireNonNull(propA, "propA");
        Objects.requireNonNull(propB, "propB");
    }

    /** The property on the given side. */
    public String prop(Side side) {
        return side == Side.A ? propA : propB;
    }

    /** The direction values of this mapping flow in, given its object sync's direction. */
    public Direction effectiveDirection(Direction objectSyncDirection) {
        return direction == null ? objectSyncDirection : direction;
    }
}
