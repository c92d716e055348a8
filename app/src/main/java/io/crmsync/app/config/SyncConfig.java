package io.crmsync.app.config;

import io.crmsync.engine.model.Side;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A sync: a named pairing of two apps holding one object sync per pair of object types.
 *
 * @param name    the sync's name, e.g. {@code crm-shop}
 * @param appA    the first app of {@code apps: [a, b]}: side {@link Side#A}
 * @param appB    the second app: side {@link Side#B}
 * @param objects the object syncs by name, in file order; unmodifiable
 */
public record SyncConfig(String name, String appA, String appB, Map<String, ObjectSyncConfig> objects) {
    public SyncConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(appA, "appA");
        Objects.requireNonNull(appB, "appB");
        objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
    }

    /** The name of the app on the given side. */
    public String appName(Side side) {
        return side == Side.A ? appA : appB;
    }

    /** The side an app is on in this sync, or {@code null} when the app is not part of it. */
    public Side side(String appName) {
        return appA.equals(appName) ? Side.A : appB.equals(appName) ? Side.B : null;
    }

    /** The key path of this sync in the config, for {@link CrmsyncConfig#errorAt}. */
    public String keyPath() {
        return "syncs." + name;
    }
}
