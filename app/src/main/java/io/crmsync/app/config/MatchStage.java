package io.crmsync.app.config;

import io.crmsync.engine.model.Side;
import java.util.Objects;

/**
 * One stage of a custom matching rule: unlinked records are paired when {@code propA} in app A equals
 * {@code propB} in app B.
 *
 * @param propA identifier property in app A
 * @param propB identifier property in app B
 */
public record MatchStage(String propA, String propB) {
    public MatchStage {
        Objects.requireNonNull(propA, "propA");
        Objects.requireNonNull(propB, "propB");
    }

    /** The property on the given side. */
    public String prop(Side side) {
        return side == Side.A ? propA : propB;
    }
}
