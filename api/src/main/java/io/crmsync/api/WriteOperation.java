package io.crmsync.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record to create, update or delete.
 *
 * @param kind       what to do
 * @param ref        the caller's key for this operation, echoed in its {@link WriteResult}; unique in a call
 * @param id         the record's id for updates and deletes; {@code null} for creates
 * @param properties values to set, in the app's native text form; a {@code null} value clears the property;
 *                   properties not present are left as they are
 * @since 0.1
 */
public record WriteOperation(Kind kind, String ref, String id, Map<String, String> properties) {
    public enum Kind { CREATE, UPDATE, DELETE }

    public WriteOperation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ref, "ref");
        if (kind != Kind.CREATE) {
            Objects.requireNonNull(id, "id");
        }
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
    }

    public static WriteOperation create(String ref, Map<String, String> properties) {
        return new WriteOperation(Kind.CREATE, ref, null, properties);
    }

    public static WriteOperation update(String ref, String id, Map<String, String> properties) {
        return new WriteOperation(Kind.UPDATE, ref, id, properties);
    }

    public static WriteOperation delete(String ref, String id) {
        return new WriteOperation(Kind.DELETE, ref, id, Map.of());
    }
}
