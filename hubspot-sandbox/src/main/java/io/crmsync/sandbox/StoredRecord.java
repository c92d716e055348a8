package io.crmsync.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * One record as stored: numeric {@code id} (unique per type), the writable property values (strings, never
 * empty: an empty write removes the key) with the calculated association properties as read ({@code
 * CalculatedColumns}; {@link RecordStore#update} ignores them), timestamps, and the archive state ({@code archivedAt}
 * null unless archived). Other calculated properties (hs_object_id, create/modify dates) are derived on output.
 */
public record StoredRecord(ObjectType type, long id, Map<String, String> properties, Instant createdAt,
                           Instant updatedAt, boolean archived, Instant archivedAt) {
}
