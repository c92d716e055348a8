package io.crmsync.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The properties of one object type in one app.
 *
 * @param objectType object type name in the app (e.g. {@code contacts}, or a configured table's object name)
 * @param properties property definitions by name, in the app's order
 * @since 0.1
 */
public record ObjectSchema(String objectType, Map<String, PropertyDef> properties) {
    public ObjectSchema {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static ObjectSchema of(String objectType, List<PropertyDef> defs) {
        Map<String, PropertyDef> map = new LinkedHashMap<>();
        defs.forEach(d -> map.put(d.name(), d));
        return new ObjectSchema(objectType, map);
    }

    public Optional<PropertyDef> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }
}
