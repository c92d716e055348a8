package io.crmsync.api;

import java.util.List;

/**
 * One page of a full read.
 *
 * @param records       the records of this page, at most the page size asked for
 * @param nextPageToken the token for the next page, or {@code null} when this is the last page
 * @since 0.1
 */
public record RecordPage(List<Record> records, String nextPageToken) {
    public RecordPage {
        records = List.copyOf(records);
    }
}
