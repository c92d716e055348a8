package io.crmsync.api;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record of an app: its id, its property values in the app's native text form, and its last change.
 *
 * <p>A missing property and a {@code null} value both mean "empty", as does {@code ""} (DESIGN.md §2.1).
 * Instances are immutable and safe to share between threads.
 *
 * @param id         the app's id of the record, never {@code null}
 * @param properties property name to native text value; {@code null} and empty values are dropped, since
 *                   they mean "empty" like an absent property
 * @param updatedAt  when the app last changed it, or {@code null} when the app does not say
 * @param archived   {@code true} when the app reports it deleted or archived
 * @since 0.1
 */
public record Record(String id, Map<String, String> properties, Instant updatedAt, boolean archived) {
    public Record {
        Objects.requireNonNull(id, "id");
        properties = compact(properties);
    }

    /** Drops empty values (they mean "absent") and keeps the rest in a compact immutable map. */
    private static Map<String, String> compact(Map<String, String> properties) {
        Map<String, String> kept = new HashMap<>();
        properties.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                kept.put(k, v);
            }
        });
        return Map.copyOf(kept);
    }

    public static Record of(String id, Map<String, String> properties) {
        return new Record(id, properties, null, false);
    }

    /** The value of a property, or {@code null} when it is absent or empty. */
    public String get(String property) {
        String value = properties.get(property);
        return value == null || value.isEmpty() ? null : value;
    }
}
