package io.crmsync.api;

import java.util.Objects;

/**
 * An opaque position in one app's change feed for one object type. The engine stores it and hands it back;
 * only the connector that made it reads its value. It is saved only after the writes it covers are committed.
 *
 * @param value the connector's encoding of the position (for example a timestamp and an id), never {@code null}
 * @since 0.1
 */
public record Checkpoint(String value) {
    public Checkpoint {
        Objects.requireNonNull(value, "value");
    }
}
