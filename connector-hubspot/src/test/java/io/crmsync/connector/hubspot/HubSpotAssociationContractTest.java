package io.crmsync.connector.hubspot;

import io.crmsync.api.Connector;
import io.crmsync.sandbox.RollingWindowRateLimiter;
import io.crmsync.sandbox.SandboxServer;
import io.crmsync.testkit.AssociationContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The association contract against the HubSpot sandbox over HTTP: deals ↔ contacts ({@code @contacts}, app setting
 * {@code associations: [contacts]}). Direct changes go through the associations v4 API as another HubSpot user's
 * would (associate default, archive), which moves the deal's last-modified date as HubSpot does, so the change feed
 * sees them.
 */
class HubSpotAssociationContractTest extends AssociationContractTest {
    @TempDir
    Path dir;

    @Override
    protected AssociationFixture openFixture() {
        // Generous limits: the contract makes many small calls in a few seconds, and only the contract is tested.
        Sandbox sandbox = new Sandbox(dir, SandboxServer.Options.defaults()
                .withRateLimiter(c -> new RollingWindowRateLimiter(c, 100_000, 10_000, 100_000_000))
                .withSearchPerSecond(Integer.MAX_VALUE));
        Connector connector = sandbox.open(Map.of("objects", List.of("deals", "contacts"),
                "associations", List.of("contacts"), "indexingLagMs", 0));
        return new AssociationFixture() {
            private int count;

            @Override
            public Connector connector() {
                return connector;
            }

            @Override
            public String objectType() {
                return "deals";
            }

            @Override
            public String associatedType() {
                return "contacts";
            }

            @Override
            public String insert() {
                return sandbox.insert("deals", Map.of("dealname", "Deal " + (++count),
                        "dealstage", "appointmentscheduled", "pipeline", "default"));
            }

            @Override
            public String insertAssociated() {
                return sandbox.insert("contacts", Map.of("email", "person" + (++count) + "@example.com"));
            }

            @Override
            public void associate(String id, Set<String> ids) {
                List<String> gone = new ArrayList<>(sandbox.associations("deals", id, "contacts").keySet());
                gone.removeAll(ids);
                sandbox.dissociate("deals", id, "contacts", gone);
                List<String> added = new ArrayList<>(ids);
                added.removeAll(sandbox.associations("deals", id, "contacts").keySet());
                if (!added.isEmpty()) {
                    sandbox.associate("deals", id, "contacts", added);
                }
            }

            @Override
            public String missingAssociated() {
                String gone = insertAssociated();
                sandbox.delete("contacts", gone);
                return gone;
            }

            @Override
            public void close() {
                connector.close();
                sandbox.close();
            }
        };
    }
}
