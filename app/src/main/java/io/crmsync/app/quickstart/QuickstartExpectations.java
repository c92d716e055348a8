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
 * @param companies the {@code companies} object sync (crm {@code companies} ↔ shop {@code organizations})
 * @param contacts  the {@code contacts} object sync (crm {@code contacts} ↔ shop {@code customers})
 */
public record QuickstartExpectations(ObjectSync companies, ObjectSync contacts) {

    /** Exclusion reason of a contact without an email (while {@code onlyWithEmail} is on). */
    public static final String NO_IDENTIFIER = "NO_IDENTIFIER";
    /** Exclusion reason of a record whose identifier key is held by two or more records (§2.3). */
    public static final String AMBIGUOUS_MATCH = "AMBIGUOUS_MATCH";

    /**
     * Expected outcome of one object sync's first run. Every record on each side ends in exactly one of:
     * linked to a partner, copied to the other app (created there) or excluded.
     *
     * @param object          object sync name
     * @param crmRecords      rows in the crm table
     * @param shopRecords     rows in the shop table
     * @param linked          pairs linked by matching (each pair is one crm and one shop record)
     * @param linkedByName    of those, companies paired by name because one side had no usable domain
     * @param createdInCrm    shop-only records that enter the sync and are created in crm
     * @param createdInShop   crm-only records that enter the sync and are created in shop
     * @param conflicts       fields of linked pairs that were filled and different on both sides; crm, the
     *                        default app, wins and its value is written to shop
     * @param gapsFilledInCrm fields empty in crm and filled in shop: shop's value is written to crm
     * @param gapsFilledInShop fields empty in shop and filled in crm: crm's value is written to shop
     * @param updatedInCrm    linked crm records that receive at least one field
     * @param updatedInShop   linked shop records that receive at least one field
     * @param excludedInCrm   crm records excluded, by reason (both reasons always present, 0 if none)
     * @param excludedInShop  shop records excluded, by reason
     */
    public record ObjectSync(String object, int crmRecords, int shopRecords, int linked, int linkedByName,
                             int createdInCrm, int createdInShop, int conflicts, int gapsFilledInCrm,
                             int gapsFilledInShop, int updatedInCrm, int updatedInShop,
                             Map<String, Integer> excludedInCrm, Map<String, Integer> excludedInShop) {

        public ObjectSync {
            excludedInCrm = Collections.unmodifiableMap(new TreeMap<>(excludedInCrm));
            excludedInShop = Collections.unmodifiableMap(new TreeMap<>(excludedInShop));
        }

        /** Excluded records on both sides for one reason. */
        public int excluded(String reason) {
            return excludedInCrm.getOrDefault(reason, 0) + excludedInShop.getOrDefault(reason, 0);
        }

        /** All excluded records of one side. */
        public int excludedTotal(boolean crm) {
            return (crm ? excludedInCrm : excludedInShop).values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Records each app gains: {@code createdInCrm + createdInShop}. */
        public int created() {
            return createdInCrm + createdInShop;
        }
    }

    /** Both object syncs, companies first. */
    public List<ObjectSync> objectSyncs() {
        return List.of(companies, contacts);
    }

    /**
     * A plain-text table, one column per object sync, fit for a README or a terminal. Each side's
     * "linked + copied to the other app + excluded" adds up to its record count.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        row(out, "", ObjectSync::object);
        rowInt(out, "records in crm", ObjectSync::crmRecords);
        rowInt(out, "records in shop", ObjectSync::shopRecords);
        rowInt(out, "linked by match (pairs)", ObjectSync::linked);
        rowInt(out, "  of which by name", ObjectSync::linkedByName);
        rowInt(out, "created in crm (shop-only)", ObjectSync::createdInCrm);
        rowInt(out, "created in shop (crm-only)", ObjectSync::createdInShop);
        rowInt(out, "conflicts, crm value kept", ObjectSync::conflicts);
        rowInt(out, "gaps filled in crm", ObjectSync::gapsFilledInCrm);
        rowInt(out, "gaps filled in shop", ObjectSync::gapsFilledInShop);
        rowInt(out, "records updated in crm", ObjectSync::updatedInCrm);
        rowInt(out, "records updated in shop", ObjectSync::updatedInShop);
        for (String reason : List.of(NO_IDENTIFIER, AMBIGUOUS_MATCH)) {
            row(out, "excluded " + reason + " (crm/shop)", s -> s.excludedInCrm().getOrDefault(reason, 0)
                    + "/" + s.excludedInShop().getOrDefault(reason, 0));
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
