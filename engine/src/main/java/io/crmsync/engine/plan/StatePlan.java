package io.crmsync.engine.plan;

import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;

/**
 * A record whose state changes without any write: excluded, or its partner deleted.
 *
 * @param link    the stored link, or {@code null} for a record seen for the first time
 * @param side    the side of the record (for an unpaired record)
 * @param id      the record's id on that side
 * @param state   new state
 * @param reason  exclusion reason or failure category
 * @param message details for people
 */
public record StatePlan(Link link, Side side, String id, RecordState state, String reason, String message) {
}
