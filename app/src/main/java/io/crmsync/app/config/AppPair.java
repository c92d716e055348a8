package io.crmsync.app.config;

import io.crmsync.engine.model.Side;

/**
 * The two apps of a sync as far as they could be read; {@code a} or {@code b} is {@code null} when unknown,
 * and then checks that need the names are skipped rather than piling up follow-on problems.
 */
record AppPair(String a, String b) {
    boolean known() {
        return a != null && b != null;
    }

    Side side(String app) {
        return a.equals(app) ? Side.A : b.equals(app) ? Side.B : null;
    }

    String name(Side side) {
        return side == Side.A ? a : b;
    }

    String either() {
        return a + " or " + b;
    }
}
