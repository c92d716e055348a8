package io.crmsync.app.quickstart;

import io.crmsync.app.quickstart.Dataset.Row;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the quickstart's HubSpot records into a local HubSpot sandbox store and reads them back. The sandbox is
 * started in process on a free loopback port only for the time it takes; seeding goes through its own store, not
 * its API, so it uses none of the API rate limit.
 */
final class HubSpotSeed {

    private HubSpotSeed() {
    }

    /**
     * Seeds a new sandbox store in {@code dataDir} with {@link Dataset#hubspotCompanies()} and
     * {@link Dataset#hubspotContacts()}, each contact with its company as primary company.
     *
     * @throws IllegalStateException if {@code dataDir} already holds records, or cannot be opened
     */
    static void write(Path dataDir, Dataset data) {
        try (SandboxServer server = SandboxServer.start(0, dataDir)) {
            if (!apply(server, data).seeded()) {
                throw new IllegalStateException("the HubSpot sandbox in " + dataDir + " already holds records");
            }
        }
    }

    /** Seeds a running sandbox with the HubSpot records of {@code data}, if it holds none yet. */
    static SandboxSeed.Result apply(SandboxServer server, Dataset data) {
        List<SandboxSeed.Company> companies = new ArrayList<>();
        for (Row r : data.hubspotCompanies()) {
            companies.add(new SandboxSeed.Company(Long.toString(r.id()), r.values()));
        }
        List<SandboxSeed.Contact> contacts = new ArrayList<>();
        for (Row r : data.hubspotContacts()) {
            contacts.add(new SandboxSeed.Contact(r.values(), r.parentId() == null ? null : r.parentId().toString()));
        }
        return SandboxSeed.apply(server, companies, contacts);
    }

    /** The live records of each of {@code objectTypes} in the sandbox store of {@code dataDir}, as quickstart rows. */
    static Map<String, List<Row>> read(Path dataDir, String... objectTypes) {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        try (SandboxServer server = SandboxServer.start(0, dataDir)) {
            for (String type : objectTypes) {
                List<Row> rows = new ArrayList<>();
                for (SandboxSeed.Stored s : SandboxSeed.records(server, type)) {
                    rows.add(new Row(s.id(), s.properties(), s.primaryCompanyId(), null));
                }
                out.put(type, rows);
            }
        }
        return out;
    }
}
