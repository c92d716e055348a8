package io.crmsync.connector.hubspot;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Change reads over more records than HubSpot search can page (10,000 results, hubspot.md §B.5). */
class HubSpotSearchCapTest {
    @TempDir
    Path dir;

    @Test
    void readChanges_moreThan10000Changes_restartsWindowAndReturnsEveryRecord() {
        try (Sandbox sandbox = new Sandbox(dir); Connector connector = sandbox.open(Map.of())) {
            List<String> ids = sandbox.seedContacts(10_150);

            Set<String> seen = new HashSet<>();
            String token = null;
            int pages = 0;
            ChangePage page;
            do {
                page = connector.readChanges("contacts", new Checkpoint("0"), token, 200);
                page.records().stream().map(Record::id).forEach(seen::add);
                token = page.nextPageToken();
                pages++;
            } while (token != null && pages < 200);

            assertThat(token).as("the read finished").isNull();
            assertThat(seen).containsAll(ids);
            assertThat(page.checkpoint()).isNotNull();
        }
    }
}
