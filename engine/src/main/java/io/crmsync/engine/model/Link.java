package io.crmsync.engine.model;

import io.crmsync.api.FailureCategory;

/**
 * The stored state of one record pair (or of one unpaired record) in an object sync.
 *
 * @param id       store key
 * @param idA      the record's id in app A, or {@code null} when it has no partner there (yet)
 * @param idB      the record's id in app B, or {@code null}
 * @param base     canonical values at the last successful sync
 * @param state    SYNCING, FAILED, EXCLUDED or PENDING
 * @param reason   failure category or exclusion reason name, or {@code null}
 * @param message  details for people (names the property for field failures), or {@code null}
 * @param attempts consecutive failed attempts of a transient failure
 */
public record Link(long id, String idA, String idB, Base base, RecordState state, String reason, String message,
                   int attempts) {
    public String id(Side side) {
        return side == Side.A ? idA : idB;
    }

    public boolean paired() {
        return idA != null && idB != null;
    }

    /** Whether the link is {@code FAILED(RECORD_DELETED)}: one of its records was deleted (DESIGN.md §2.5). */
    public boolean deleted() {
        return state == RecordState.FAILED && FailureCategory.RECORD_DELETED.name().equals(reason);
    }
}
