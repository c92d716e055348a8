package io.crmsync.api;

import java.util.List;

/**
 * One page of a change read.
 *
 * @param records       records changed since the checkpoint (archived ones have {@link Record#archived()} set)
 * @param deletedIds    ids reported deleted since the checkpoint, when the feed reports deletes
 * @param fullScan      {@code true} when the app cannot tell what changed and this read returns every record;
 *                      the engine then finds changes by comparing with the stored base
 * @param nextPageToken the token for the next page, or {@code null} when this is the last page
 * @param checkpoint    on the last page, the position to store once the changes are committed; otherwise
 *                      {@code null}
 * @since 0.1
 */
public record ChangePage(List<Record> records, List<String> deletedIds, boolean fullScan, String nextPageToken,
                         Checkpoint checkpoint) {
    public ChangePage {
        records = List.copyOf(records);
        deletedIds = List.copyOf(deletedIds);
    }
}
