package io.crmsync.engine.plan;

import io.crmsync.engine.model.Side;
import io.crmsync.engine.value.KeyKind;

/**
 * One stage of a matching rule: unlinked records whose normalised keys are equal are paired. Stages are tried in
 * order (companies: domain, then name; products: SKU, then name).
 *
 * @param propertyA identifier property in app A
 * @param propertyB identifier property in app B
 * @param kind      how the key is normalised
 */
public record MatchStage(String propertyA, String propertyB, KeyKind kind) {
    public String property(Side side) {
        return side == Side.A ? propertyA : propertyB;
    }
}
