package io.crmsync.app.quickstart;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * What the first (initial) two-way sync of the quickstart databases should do, per object sync, computed
 * from the generated rows with the matching rules of DESIGN §2.3 (never hard-coded), so that a user, the
 * README and the end-to-end tests can compare it with {@code crmsync run --json}.
 *
 * @param companies the {@code companies} object sync (hubspot {@code companies} ↔ shop {@code companies})
 * @param contacts  the {@code contacts} object sync (hubspot {@code contacts} ↔ shop {@code contacts})
 * @param deals     the {@code deals} object sync (hubspot {@code deals} ↔ shop {@code deals})
 * @param products  the {@code products} object sync (hubspot {@code products} ↔ shop {@code products})
 */
public record QuickstartExpectations(ObjectSync companies, ObjectSync contacts, ObjectSync deals,
                                     ObjectSync products) {

    /** Exclusion reason of a contact without an email (while {@code onlyWithEmail} is on). */
    public static final String NO_IDENTIFIER = "NO_IDENTIFIER";
    /** Exclusion reason of a record whose identifier key is held by two or more records (§2.3). */
    public static final String AMBIGUOUS_MATCH = "AMBIGUOUS_MATCH";

    /**
     * Expected outcome of one object sync's first run. Every record on each side ends in exactly one of:
     * linked to a partner, copied to the other app (created there) or excluded.
     *
     * @param object          object sync name
     * @param shopRecords      rows in the shop table
     * @param hubspotRecords     records in HubSpot
     * @param linked          pairs linked by matching (each pair is one shop and one hubspot record)
     * @param linkedByName    of those, companies paired by name because one side had no usable domain, or
     *                        products paired by name because one side had no SKU
     * @param createdInShop    hubspot-only records that enter the sync and are created in shop
     * @param createdInHubSpot   shop-only records that enter the sync and are created in hubspot
     * @param conflicts       fields of linked pairs that were filled and different on both sides; shop, the
     *                        default app, wins and its value is written to hubspot
     * @param gapsFilledInShop fields empty in shop and filled in hubspot: hubspot's value is written to shop
     * @param gapsFilledInHubSpot fields empty in hubspot and filled in shop: shop's value is written to hubspot
     * @param updatedInShop    linked shop records that receive at least one field
     * @param updatedInHubSpot   linked hubspot records that receive at least one field
     * @param failedAssociation records whose company ({@code @companies}) cannot be written because the companies
     *                        sync excludes that company: {@code FAILED(ASSOCIATION)}, their other fields synced
     * @param excludedInShop   shop records excluded, by reason (both reasons always present, 0 if none)
     * @param excludedInHubSpot  hubspot records excluded, by reason
     */
    public record ObjectSync(String object, int shopRecords, int hubspotRecords, int linked, int linkedByName,
                             int createdInShop, int createdInHubSpot, int conflicts, int gapsFilledInShop,
                             int gapsFilledInHubSpot, int updatedInShop, int updatedInHubSpot,
                             int failedAssociation, Map<String, Integer> excludedInShop,
                             Map<String, Integer> excludedInHubSpot) {

        public ObjectSync {
            excludedInShop = Collections.unmodifiableMap(new TreeMap<>(excludedInShop));
            excludedInHubSpot = Collections.unmodifiableMap(new TreeMap<>(excludedInHubSpot));
        }

        /** Excluded records on both sides for one reason. */
        public int excluded(String reason) {
            return excludedInShop.getOrDefault(reason, 0) + excludedInHubSpot.getOrDefault(reason, 0);
        }

        /** All excluded records of one side. */
        public int excludedTotal(boolean shop) {
            return (shop ? excludedInShop : excludedInHubSpot).values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Records each app gains: {@code createdInShop + createdInHubSpot}. */
        public int created() {
            return createdInShop + createdInHubSpot;
        }
    }

    /** The object syncs in the config's order: companies, contacts, deals, products. */
    public List<ObjectSync> objectSyncs() {
        return List.of(companies, contacts, deals, products);
    }

    /**
     * A plain-text table, one column per object sync, fit for a README or a terminal. Each side's
     * "linked + copied to the other app + excluded" adds up to its record count.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        row(out, "", ObjectSync::object);
        rowInt(out, "records in shop", ObjectSync::shopRecords);
        rowInt(out, "records in hubspot", ObjectSync::hubspotRecords);
        rowInt(out, "linked by match (pairs)", ObjectSync::linked);
        rowInt(out, "  of which by name", ObjectSync::linkedByName);
        rowInt(out, "created in shop (hubspot-only)", ObjectSync::createdInShop);
        rowInt(out, "created in hubspot (shop-only)", ObjectSync::createdInHubSpot);
        rowInt(out, "conflicts, shop value kept", ObjectSync::conflicts);
        rowInt(out, "gaps filled in shop", ObjectSync::gapsFilledInShop);
        rowInt(out, "gaps filled in hubspot", ObjectSync::gapsFilledInHubSpot);
        rowInt(out, "records updated in shop", ObjectSync::updatedInShop);
        rowInt(out, "records updated in hubspot", ObjectSync::updatedInHubSpot);
        rowInt(out, "failed ASSOCIATION", ObjectSync::failedAssociation);
        for (String reason : List.of(NO_IDENTIFIER, AMBIGUOUS_MATCH)) {
            row(out, "excluded " + reason + " (shop/hubspot)", s -> s.excludedInShop().getOrDefault(reason, 0)
                    + "/" + s.excludedInHubSpot().getOrDefault(reason, 0));
        }
        return out.toString();
    }

    private void rowInt(StringBuilder out, String label, ToIntFunction<ObjectSync> value) {
        row(out, label, s -> Integer.toString(value.applyAsInt(s)));
    }

    private void row(StringBuilder out, String label, java.util.function.Function<ObjectSync, String> value) {
        out.append(String.format("%-38s", label));
        for (ObjectSync s : objectSyncs()) {
            out.append(String.format("%11s", value.apply(s)));
        }
        out.append('\n');
    }
}
