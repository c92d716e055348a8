package io.crmsync.engine.state;

import java.time.Instant;

/**
 * One row of the record view: a pair or an unpaired record of an object sync with its state.
 *
 * @param idA       id in app A or {@code null}
 * @param idB       id in app B or {@code null}
 * @param state     SYNCING, FAILED, EXCLUDED or PENDING
 * @param reason    failure category or exclusion reason, or {@code null}
 * @param message   details, or {@code null}
 * @param attempts  consecutive transient failures
 * @param updatedAt when the row last changed
 */
public record RecordRow(String idA, String idB, String state, String reason, String message, int attempts,
                        Instant updatedAt) {
}
