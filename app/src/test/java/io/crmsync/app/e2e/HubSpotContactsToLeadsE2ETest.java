package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.run.RunReport;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Contacts can sync to an app's contacts or its leads" (hubspot.md §A.3): HubSpot contacts (sandbox over HTTP)
 * two-way with a PostgreSQL {@code leads} table, matched by email on the first sync (§A.7 "Contacts or Leads: Email
 * address") without any {@code match} setting.
 */
class HubSpotContactsToLeadsE2ETest extends SandboxPostgresBase {

    private Path config() throws Exception {
        return Runs.writeConfig(dir, """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    token: ${HUBSPOT_TOKEN}
                    baseUrl: %s
                    objects: [contacts]
                  shop:
                    type: jdbc
                    url: %s
                    objects:
                      leads:
                        table: leads
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                          lastname: {column: last_name, type: string}
                syncs:
                  hubspot-shop:
                    apps: [hubspot, shop]
                    objects:
                      leads:
                        types: {hubspot: contacts, shop: leads}
                        direction: two-way
                        defaultApp: hubspot
                """.formatted(dir.resolve("state").toAbsolutePath(), baseUrl, pgUrl));
    }

    private static Map<String, String> env() {
        return Map.of("HUBSPOT_TOKEN", SandboxServer.DEFAULT_TOKEN);
    }

    private String lead(String email) throws Exception {
        return query(pgUrl, "SELECT first_name || '|' || coalesce(last_name, '') FROM leads WHERE lower(email) = '"
                + email + "'");
    }

    @Test
    void hubSpotContacts_twoWayWithShopLeads_matchedByEmailAnyCase_thenEditsFlowBothWays() throws Exception {
        exec(pgUrl, "CREATE TABLE leads (id SERIAL PRIMARY KEY, email TEXT, first_name TEXT, last_name TEXT,"
                        + " updated_at TIMESTAMP)",
                "INSERT INTO leads (email, first_name, last_name, updated_at) VALUES"
                        + " ('ANN@acme.example', NULL, 'Lee', now()), ('carl@acme.example', 'Carl', 'Cole', now())");
        admin("POST", "/_sandbox/seed", """
                {"contacts": [{"email": "ann@acme.example", "firstname": "Ann"},
                              {"email": "bob@acme.example", "firstname": "Bob", "lastname": "Burns"}]}""");
        Path cfg = config();

        RunReport first = run(cfg, env());

        assertThat(first.counts().matched()).isEqualTo(1);
        assertThat(query(pgUrl, "SELECT count(*) FROM leads")).isEqualTo("3");
        assertThat(lead("ann@acme.example")).isEqualTo("Ann|Lee");
        assertThat(lead("bob@acme.example")).isEqualTo("Bob|Burns");
        Map<String, String> hubspot = hubspotByEmail();
        assertThat(hubspot).containsOnlyKeys("ann@acme.example", "bob@acme.example", "carl@acme.example");
        assertThat(hubspot).containsEntry("ann@acme.example", "Ann|Lee").containsEntry("carl@acme.example",
                "Carl|Cole");

        exec(pgUrl, "UPDATE leads SET first_name = 'Carlos', updated_at = now() + interval '1 second'"
                + " WHERE email = 'carl@acme.example'");
        RunReport second = run(cfg, env());

        assertThat(second.counts().updatedA()).as("hubspot is app A").isEqualTo(1);
        assertThat(hubspotByEmail()).containsEntry("carl@acme.example", "Carlos|Cole");
        assertThat(run(cfg, env()).counts().writes()).isZero();
    }
}
