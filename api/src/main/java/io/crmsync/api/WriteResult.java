package io.crmsync.api;

import java.util.Objects;

/**
 * The outcome of one {@link WriteOperation}.
 *
 * @param ref     the operation's {@link WriteOperation#ref()}
 * @param id      the record's id (the new id for a successful create); for a failed create, {@code null} when no
 *                record was made, or the new id when the app made the record and then refused a later part of the
 *                write (an association written after the record): the engine then links that record and retries
 *                the rest as an update, never as a second create
 * @param stored  the record as the app stored it after the write, when the app returns it; else {@code null}
 * @param failure {@code null} on success
 * @since 0.1
 */
public record WriteResult(String ref, String id, Record stored, Failure failure) {
    public WriteResult {
        Objects.requireNonNull(ref, "ref");
    }

    public static WriteResult ok(String ref, String id, Record stored) {
        return new WriteResult(ref, id, stored, null);
    }

    public static WriteResult failed(String ref, String id, Failure failure) {
        return new WriteResult(ref, id, null, Objects.requireNonNull(failure, "failure"));
    }

    public boolean succeeded() {
        return failure == null;
    }
}
