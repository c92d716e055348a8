package io.crmsync.engine.state;

import io.crmsync.engine.model.Side;

/**
 * A create in flight (DESIGN.md §2.4): stored before the app is called, so that after a crash the record can be
 * found in {@code target} by {@code key} and linked to its source instead of being created twice.
 *
 * @param target   the app the record is created in
 * @param sourceId the id of the record it is copied from, in the other app
 * @param linkId   the link of the source record the create retries, or {@code null} when it has none
 * @param key      {@code property=value} of the identifier or external id sent, or {@code null} when the create
 *                 carries neither (such a create cannot be found again and is planned anew)
 */
public record CreateIntent(Side target, String sourceId, Long linkId, String key) {
}
