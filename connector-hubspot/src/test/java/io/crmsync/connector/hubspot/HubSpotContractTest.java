package io.crmsync.connector.hubspot;

import io.crmsync.api.Connector;
import io.crmsync.testkit.ConnectorContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The connector contract against the HubSpot sandbox over HTTP, on contacts. The fixture creates the contract's
 * {@code seats} NUMBER property as a custom contact property through the properties API (hubspot.md §B.6) before
 * opening the connector, so every contract test runs. Contact creates are upserts by email (DESIGN.md §2.4) and the
 * connector reports {@code Capability.UPSERT}, so the taken-email test checks the upsert alternative; DUPLICATE on
 * updates is covered by {@code HubSpotWriteTest}.
 */
class HubSpotContractTest extends ConnectorContractTest {
    @TempDir
    Path dir;

    @Override
    protected Fixture openFixture() {
        Sandbox sandbox = new Sandbox(dir);
        sandbox.createProperty("contacts", "seats", "Seats", "number", "number");
        Connector connector = sandbox.open(Map.of("objects", List.of("contacts")));
        return new Fixture() {
            @Override
            public Connector connector() {
                return connector;
            }

            @Override
            public String objectType() {
                return "contacts";
            }

            @Override
            public String insert(Map<String, String> properties) {
                return sandbox.insert("contacts", properties);
            }

            @Override
            public void update(String id, String property, String value) {
                sandbox.update("contacts", id, property, value);
            }

            @Override
            public void delete(String id) {
                sandbox.delete("contacts", id);
            }

            @Override
            public void close() {
                connector.close();
                sandbox.close();
            }
        };
    }
}
