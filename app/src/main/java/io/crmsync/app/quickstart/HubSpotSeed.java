package io.crmsync.app.quickstart;

import io.crmsync.app.quickstart.Dataset.Row;
import io.crmsync.sandbox.DealPipelines;
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
     * Seeds a new sandbox store in {@code dataDir} with the hubspot records of {@code data}: companies, contacts
     * and deals, each contact and deal with its company as primary company, and products. Deals are put in the
     * pipeline {@link QuickstartSchema#PIPELINE}, added first, with their stage labels turned into its stage ids;
     * the deal property {@link QuickstartSchema#HUBSPOT_DEAL_EXTERNAL_ID} is created for the sync's external id.
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
        SandboxSeed.textProperty(server, QuickstartSchema.HUBSPOT_DEALS, QuickstartSchema.HUBSPOT_DEAL_EXTERNAL_ID,
                "Shop deal id");
        List<DealPipelines.Stage> stages = new ArrayList<>();
        List<String> labels = QuickstartSchema.PIPELINE_STAGES;
        for (int i = 0; i < labels.size(); i++) {
            boolean closed = i >= labels.size() - 2;
            String probability = closed ? (i == labels.size() - 2 ? "1.0" : "0.0")
                    : String.format(java.util.Locale.ROOT, "%.1f", (i + 1.0) / (labels.size() - 1));
            stages.add(new DealPipelines.Stage(null, labels.get(i), i, probability, closed));
        }
        // Listed before HubSpot's default pipeline, as an account working in it would order them: a stage label
        // both have ("Closed Lost", "Closed lost") is then this pipeline's stage for a sync that maps by label.
        DealPipelines.Pipeline pipeline = SandboxSeed.dealPipeline(server, QuickstartSchema.PIPELINE, -1, stages);
        List<SandboxSeed.Company> companies = new ArrayList<>();
        for (Row r : data.hubspotCompanies()) {
            companies.add(new SandboxSeed.Company(Long.toString(r.id()), r.values()));
        }
        List<SandboxSeed.Contact> contacts = new ArrayList<>();
        for (Row r : data.hubspotContacts()) {
            contacts.add(new SandboxSeed.Contact(r.values(), r.parentId() == null ? null : r.parentId().toString()));
        }
        List<SandboxSeed.Deal> deals = new ArrayList<>();
        for (Row r : data.hubspotDeals()) {
            Map<String, String> values = new LinkedHashMap<>(r.values());
            values.put("pipeline", pipeline.id());
            values.put("dealstage", pipeline.stages().stream().filter(s -> s.label().equals(r.get("dealstage")))
                    .findFirst().orElseThrow(() -> new IllegalStateException("deal " + r.get("dealname")
                            + ": stage \"" + r.get("dealstage") + "\" is not in " + QuickstartSchema.PIPELINE))
                    .id());
            deals.add(new SandboxSeed.Deal(values, r.parentId() == null ? null : r.parentId().toString()));
        }
        List<Map<String, String>> products = data.hubspotProducts().stream().map(Row::values).toList();
        return SandboxSeed.apply(server, companies, contacts, deals, products);
    }

    /**
     * The live records of each of {@code objectTypes} in the sandbox store of {@code dataDir}, as quickstart rows;
     * a deal's pipeline and stage ids are given as their labels, as the shop holds them.
     */
    static Map<String, List<Row>> read(Path dataDir, String... objectTypes) {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        try (SandboxServer server = SandboxServer.start(0, dataDir)) {
            Map<String, String> labels = new java.util.HashMap<>();
            for (DealPipelines.Pipeline p : server.dealPipelines().list()) {
                labels.put(p.id(), p.label());
                p.stages().forEach(s -> labels.put(s.id(), s.label()));
            }
            for (String type : objectTypes) {
                List<Row> rows = new ArrayList<>();
                for (SandboxSeed.Stored s : SandboxSeed.records(server, type)) {
                    Map<String, String> values = new LinkedHashMap<>(s.properties());
                    if (type.equals(QuickstartSchema.HUBSPOT_DEALS)) {
                        values.computeIfPresent("pipeline", (k, v) -> labels.getOrDefault(v, v));
                        values.computeIfPresent("dealstage", (k, v) -> labels.getOrDefault(v, v));
                    }
                    rows.add(new Row(s.id(), values, s.primaryCompanyId(), null));
                }
                out.put(type, rows);
            }
        }
        return out;
    }
}
