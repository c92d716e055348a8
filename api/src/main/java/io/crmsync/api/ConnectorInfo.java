package io.crmsync.api;

import java.util.List;
import java.util.Set;

/**
 * What one connector instance offers.
 *
 * @param type         connector type, as written in the config's {@code type} key (e.g. {@code jdbc})
 * @param objectTypes  object types this app has, as configured or discovered
 * @param capabilities what the connector can do
 * @param maxBatchSize most records one {@link Connector#write} call sends to the app at once (HubSpot: 100)
 * @since 0.1
 */
public record ConnectorInfo(String type, List<String> objectTypes, Set<Capability> capabilities, int maxBatchSize) {
    public ConnectorInfo {
        objectTypes = List.copyOf(objectTypes);
        capabilities = Set.copyOf(capabilities);
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
        }
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }
}
