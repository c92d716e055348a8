package io.crmsync.engine.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The canonical mapped values at the last successful sync, one map per side, keyed by field mapping id.
 * A key that is absent means "never synced" (the field merges as on a first sync); a key mapped to
 * {@code null} means "synced as empty", so that a deliberate clear can be told from "never set" (case C-11).
 * Keeping one base per side lets an app that normalises what it stores settle after one write (case C-09).
 */
public record Base(Map<String, String> a, Map<String, String> b) {
    public static final Base EMPTY = new Base(Map.of(), Map.of());

    public Base {
        a = Collections.unmodifiableMap(new HashMap<>(a));
        b = Collections.unmodifiableMap(new HashMap<>(b));
    }

    public Map<String, String> side(Side side) {
        return side == Side.A ? a : b;
    }
}
