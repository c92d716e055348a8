package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.Record;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads records by id in batches of the connector's {@code maxBatchSize} (HubSpot: 100 ids per batch read). */
final class RecordsById {
    private RecordsById() {
    }

    /**
     * The records the app returns for {@code ids}, archived ones included, by id; ids it does not return are
     * absent (deleted, purged or unknown). Calls the connector on the caller's thread.
     *
     * @throws RuntimeException whatever the connector throws for a failed read
     */
    static Map<String, Record> read(Connector connector, String objectType, Collection<String> ids) {
        Map<String, Record> out = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(ids);
        int batch = Math.max(1, connector.info().maxBatchSize());
        for (int i = 0; i < all.size(); i += batch) {
            for (Record r : connector.readByIds(objectType, all.subList(i, Math.min(all.size(), i + batch)))) {
                out.put(r.id(), r);
            }
        }
        return out;
    }
}
