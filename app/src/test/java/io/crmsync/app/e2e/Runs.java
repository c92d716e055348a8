package io.crmsync.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.bind.ObjectSyncRef;
import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writing a test's {@code crmsync.yaml} and running its object syncs in process, as {@code crmsync run} would. */
final class Runs {
    private Runs() {
    }

    /** Writes {@code yaml} to {@code dir/crmsync.yaml} and returns that path. */
    static Path writeConfig(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("crmsync.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The SQLite shop table {@link #writeShopHubSpotContactsConfig} syncs: id, email, first_name, updated_at. */
    static final String SHOP_CONTACTS_TABLE =
            "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, first_name TEXT, updated_at TEXT)";

    /**
     * Writes a config syncing the SQLite {@code shopUrl}'s {@link #SHOP_CONTACTS_TABLE} two-way (default app shop)
     * with the contacts of the HubSpot sandbox on {@code sandboxPort}, state in an H2 file in {@code dir}; the token
     * comes from {@code HUBSPOT_TOKEN}.
     */
    static Path writeShopHubSpotContactsConfig(Path dir, int sandboxPort, String shopUrl) throws IOException {
        return writeConfig(dir, """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    token: ${HUBSPOT_TOKEN}
                    baseUrl: http://127.0.0.1:%d
                    objects: [contacts]
                  shop:
                    type: jdbc
                    url: "%s"
                    objects:
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first_name, type: string}
                syncs:
                  shop-hubspot:
                    apps: [shop, hubspot]
                    objects:
                      contacts:
                        types: {shop: contacts, hubspot: contacts}
                        direction: two-way
                        defaultApp: shop
                """.formatted(dir.resolve("state"), sandboxPort, shopUrl));
    }

    /** One run of every object sync of the config, in the order the workspace plans them; no environment. */
    static List<RunReport> runAll(Path config) {
        return runAll(config, Map.of());
    }

    /** One run of every object sync of the config, in the order the workspace plans them. */
    static List<RunReport> runAll(Path config, Map<String, String> env) {
        try (Workspace w = Workspace.open(config, env)) {
            List<RunReport> out = new ArrayList<>();
            for (Workspace.BoundObjectSync os : w.objectSyncs()) {
                out.add(w.run(os, RunOptions.defaults(), null));
            }
            return out;
        }
    }

    /** One run of the config's only object sync; fails the test when the config declares more than one. */
    static RunReport runOnly(Path config, Map<String, String> env) {
        try (Workspace w = Workspace.open(config, env)) {
            List<Workspace.BoundObjectSync> all = w.objectSyncs();
            assertThat(all).hasSize(1);
            return w.run(all.get(0), RunOptions.defaults(), null);
        }
    }

    /** State → reason → count of the config's first declared object sync, read from the state store. */
    static Map<String, Map<String, Integer>> states(Path config, Map<String, String> env) {
        try (Workspace w = Workspace.openStateOnly(config, env)) {
            ObjectSyncRef os = w.declared(null, null).get(0);
            long id = w.store().objectSyncId(os.sync(), os.object(), os.typeA(), os.typeB());
            return w.store().runs().stateCounts(id);
        }
    }

    /** The records (at most 10,000) of the config's first declared object sync in {@code state}, from the state store. */
    static List<RecordRow> records(Path config, Map<String, String> env, String state) {
        try (Workspace w = Workspace.openStateOnly(config, env)) {
            ObjectSyncRef os = w.declared(null, null).get(0);
            long id = w.store().objectSyncId(os.sync(), os.object(), os.typeA(), os.typeB());
            return w.store().runs().records(id, state, null, null, 10_000);
        }
    }

    /** Records written by all the reports together, both apps. */
    static int writes(List<RunReport> reports) {
        return reports.stream().mapToInt(r -> r.counts().writes()).sum();
    }

    /** The report of the object sync of {@code object}; fails the test when there is none. */
    static RunReport report(List<RunReport> reports, String object) {
        return reports.stream().filter(r -> r.object().equals(object)).findFirst()
                .orElseThrow(() -> new AssertionError("no run of " + object));
    }

    /** Asserts that no report wrote anything, naming the object of one that did. */
    static void assertNoWrites(List<RunReport> reports) {
        assertThat(reports).allSatisfy(r -> assertThat(r.counts().writes()).as(r.object()).isZero());
    }
}
