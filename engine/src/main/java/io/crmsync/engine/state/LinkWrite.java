package io.crmsync.engine.state;

import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.util.List;

/**
 * A link row to insert ({@code linkId == null}) or replace.
 *
 * @param linkId     the row to replace, or {@code null} to insert
 * @param obsolete   other rows of the same records to delete (unpaired rows of two records just paired)
 * @param idA        id in app A or {@code null}
 * @param idB        id in app B or {@code null}
 * @param base       base values to store
 * @param state      record state
 * @param reason     failure category or exclusion reason, or {@code null}
 * @param message    details, or {@code null}
 * @param attempts   consecutive transient failures
 * @param retryAtMs  epoch ms of the next automatic retry, or {@code null}
 * @param intentSide for a PENDING create, the side being written
 * @param intentKey  for a PENDING create, the identifier value sent, used to find the record after a crash
 */
public record LinkWrite(Long linkId, List<Long> obsolete, String idA, String idB, Base base, RecordState state,
                        String reason, String message, int attempts, Long retryAtMs, Side intentSide,
                        String intentKey) {
    public LinkWrite {
        obsolete = obsolete == null ? List.of() : List.copyOf(obsolete);
    }
}
