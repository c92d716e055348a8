package io.crmsync.app.quickstart;

import io.crmsync.app.quickstart.Dataset.Row;
import io.crmsync.app.quickstart.QuickstartExpectations.ObjectSync;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Predicts the first sync of the quickstart databases with the rules of DESIGN §2.3: who is linked, created,
 * excluded, and which fields conflict or fill a gap. Companies match by domain, then name; contacts by email;
 * products by SKU, then name; deals have no identifier, so every deal is created in the other app. A contact's or
 * deal's company ({@code @companies}, §2.6) is compared through the companies links, which the companies sync
 * makes first: an association to a company that sync excludes cannot be written and fails the record
 * ({@code FAILED(ASSOCIATION)}), the rest of the record is still written.
 *
 * <p>§2.3 leaves two details open, and an engine may read them either way. {@link Rules} names them; the
 * generated data is built so that both readings give the same counts, and the tests check that.
 */
final class ExpectationCalculator {

    /**
     * The two open details.
     *
     * @param nameOnlyWhenASideHasNoDomain false: companies without a domain candidate fall back to name
     *        (HubSpot pairs same-name companies with different domains); true: only when a side has no domain
     * @param duplicatesWithoutCandidatesAreAmbiguous true: a key held twice on one side is ambiguous even with
     *        no holder on the other side (the literal "held by two or more records on either side"); false:
     *        those records simply have no candidate and are created
     */
    record Rules(boolean nameOnlyWhenASideHasNoDomain, boolean duplicatesWithoutCandidatesAreAmbiguous) {
        /** The reading the quickstart reports: HubSpot's name fallback and the literal ambiguity rule. */
        static final Rules DEFAULT = new Rules(false, true);
    }

    private enum Outcome { OPEN, LINKED, AMBIGUOUS, NO_IDENTIFIER }

    /** How an object type is matched (DESIGN §1 "matching rule"). */
    private enum Kind { COMPANIES, CONTACTS, DEALS, PRODUCTS }

    /** Per-side matching state: outcome and partner index of every record. */
    private static final class Side {
        final List<Row> rows;
        final Outcome[] outcome;
        final int[] partner;

        Side(List<Row> rows) {
            this.rows = rows;
            this.outcome = new Outcome[rows.size()];
            this.partner = new int[rows.size()];
            java.util.Arrays.fill(outcome, Outcome.OPEN);
            java.util.Arrays.fill(partner, -1);
        }
    }

    /**
     * Where each app's companies stand after the companies sync: the link a company belongs to ({@code L<shop
     * index>} for a pair or a shop company created in hubspot, {@code H<index>} for a hubspot company created in
     * shop), by record id; excluded companies have none. An association value compares as its company's link, or,
     * without one, as itself ({@code A:<id>} in shop, {@code B:<id>} in hubspot), as the engine compares them.
     */
    private record CompanyLinks(Map<Long, String> shop, Map<Long, String> hubspot) {

        static CompanyLinks of(Matched companies) {
            Map<Long, String> shop = new HashMap<>();
            Map<Long, String> hubspot = new HashMap<>();
            Side s = companies.shop();
            Side h = companies.hubspot();
            for (int i = 0; i < s.rows.size(); i++) {
                if (s.outcome[i] == Outcome.LINKED || s.outcome[i] == Outcome.OPEN) {
                    shop.put(s.rows.get(i).id(), "L" + i);
                }
            }
            for (int j = 0; j < h.rows.size(); j++) {
                if (h.outcome[j] == Outcome.LINKED) {
                    hubspot.put(h.rows.get(j).id(), "L" + h.partner[j]);
                } else if (h.outcome[j] == Outcome.OPEN) {
                    hubspot.put(h.rows.get(j).id(), "H" + j);
                }
            }
            return new CompanyLinks(shop, hubspot);
        }

        String canonical(boolean inShop, Long companyId) {
            if (companyId == null) {
                return null;
            }
            String link = (inShop ? shop : hubspot).get(companyId);
            return link != null ? link : (inShop ? "A:" : "B:") + companyId;
        }

        /** True if the company has a partner in the other app, so that an association to it can be written there. */
        boolean linked(boolean inShop, Long companyId) {
            return (inShop ? shop : hubspot).containsKey(companyId);
        }
    }

    /** One object sync's prediction and the matching outcome of each record on both sides. */
    private record Matched(ObjectSync sync, Side shop, Side hubspot) {
    }

    private final Rules rules;

    ExpectationCalculator(Rules rules) {
        this.rules = rules;
    }

    QuickstartExpectations compute(Dataset data) {
        Matched companies = objectSync("companies", data.shopCompanies(), data.hubspotCompanies(), Kind.COMPANIES,
                null);
        CompanyLinks links = CompanyLinks.of(companies);
        return new QuickstartExpectations(companies.sync(),
                objectSync("contacts", data.shopContacts(), data.hubspotContacts(), Kind.CONTACTS, links).sync(),
                objectSync("deals", data.shopDeals(), data.hubspotDeals(), Kind.DEALS, links).sync(),
                objectSync("products", data.shopProducts(), data.hubspotProducts(), Kind.PRODUCTS, null).sync());
    }

    /** @param links the companies links, for an object type whose rows' {@code parentId} is its company; or null */
    private Matched objectSync(String name, List<Row> shopRows, List<Row> hubspotRows, Kind kind,
                               CompanyLinks links) {
        Side shop = new Side(shopRows);
        Side hubspot = new Side(hubspotRows);
        int linkedByName = 0;
        switch (kind) {
            case COMPANIES -> {
                excludeWithoutKey(shop, r -> companyDomain(r) + key(r, "name"));
                excludeWithoutKey(hubspot, r -> companyDomain(r) + key(r, "name"));
                match(shop, hubspot, ExpectationCalculator::companyDomain, (x, y) -> true);
                int before = countLinked(shop);
                // Only records still open (no domain, or no partner by domain) are matched by name.
                BiPredicate<Row, Row> nameAllowed = rules.nameOnlyWhenASideHasNoDomain()
                        ? (x, y) -> companyDomain(x).isEmpty() || companyDomain(y).isEmpty() : (x, y) -> true;
                match(shop, hubspot, r -> key(r, "name"), nameAllowed);
                linkedByName = countLinked(shop) - before;
            }
            case CONTACTS -> {
                // onlyWithEmail is on: a contact without an email never enters the sync.
                excludeWithoutKey(shop, r -> key(r, "email"));
                excludeWithoutKey(hubspot, r -> key(r, "email"));
                match(shop, hubspot, r -> key(r, "email"), (x, y) -> true);
            }
            case PRODUCTS -> {
                excludeWithoutKey(shop, r -> text(r, "hs_sku") + text(r, "name"));
                excludeWithoutKey(hubspot, r -> text(r, "hs_sku") + text(r, "name"));
                match(shop, hubspot, r -> text(r, "hs_sku"), (x, y) -> true);
                int before = countLinked(shop);
                match(shop, hubspot, r -> text(r, "name"), (x, y) -> true);
                linkedByName = countLinked(shop) - before;
            }
            case DEALS -> {
                // No identifier: nothing is matched or excluded, every deal is created in the other app.
            }
        }

        int conflicts = 0;
        int gapsShop = 0;
        int gapsHubSpot = 0;
        int updatedShop = 0;
        int updatedHubSpot = 0;
        int failed = 0;
        for (int i = 0; i < shopRows.size(); i++) {
            if (links != null && shop.outcome[i] == Outcome.OPEN && shopRows.get(i).parentId() != null
                    && !links.linked(true, shopRows.get(i).parentId())) {
                failed++; // created in hubspot without its company
            }
            if (shop.outcome[i] != Outcome.LINKED) {
                continue;
            }
            Row a = shopRows.get(i);
            Row b = hubspotRows.get(shop.partner[i]);
            boolean writeShop = false;
            boolean writeHubSpot = false;
            for (String property : a.values().keySet()) {
                String va = a.get(property);
                String vb = b.get(property);
                if (MatchKeys.isEmpty(va) && !MatchKeys.isEmpty(vb)) {
                    gapsShop++;
                    writeShop = true;
                } else if (!MatchKeys.isEmpty(va) && MatchKeys.isEmpty(vb)) {
                    gapsHubSpot++;
                    writeHubSpot = true;
                } else if (!MatchKeys.isEmpty(va) && !same(kind, property, va, vb)) {
                    conflicts++; // shop is the default app: its value goes to hubspot
                    writeHubSpot = true;
                }
            }
            if (links != null) {
                String ca = links.canonical(true, a.parentId());
                String cb = links.canonical(false, b.parentId());
                // Written into the app that lacks it (a gap) or into hubspot (a conflict, shop's company wins),
                // translated through the companies links: without a partner it cannot be written.
                boolean intoShop = ca == null && cb != null;
                if (ca != null && !ca.equals(cb)) {
                    if (cb == null) {
                        gapsHubSpot++;
                    } else {
                        conflicts++;
                    }
                    writeHubSpot |= links.linked(true, a.parentId());
                    failed += links.linked(true, a.parentId()) ? 0 : 1;
                } else if (intoShop) {
                    gapsShop++;
                    writeShop |= links.linked(false, b.parentId());
                    failed += links.linked(false, b.parentId()) ? 0 : 1;
                }
            }
            updatedShop += writeShop ? 1 : 0;
            updatedHubSpot += writeHubSpot ? 1 : 0;
        }
        for (int j = 0; j < hubspotRows.size(); j++) {
            if (links != null && hubspot.outcome[j] == Outcome.OPEN && hubspotRows.get(j).parentId() != null
                    && !links.linked(false, hubspotRows.get(j).parentId())) {
                failed++; // created in shop without its company
            }
        }
        ObjectSync sync = new ObjectSync(name, shopRows.size(), hubspotRows.size(), countLinked(shop), linkedByName,
                count(hubspot, Outcome.OPEN), count(shop, Outcome.OPEN), conflicts, gapsShop, gapsHubSpot,
                updatedShop, updatedHubSpot, failed, exclusions(shop), exclusions(hubspot));
        return new Matched(sync, shop, hubspot);
    }

    /**
     * Pairs open records holding the same non-empty key: one holder on each side → linked; more than one on
     * either side → all holders ambiguous. A holder takes part only if {@code allowed} accepts it with at
     * least one holder on the other side (always, except for the strict name fallback).
     */
    private void match(Side a, Side b, Function<Row, String> key, BiPredicate<Row, Row> allowed) {
        Map<String, List<Integer>> inA = index(a, key);
        Map<String, List<Integer>> inB = index(b, key);
        TreeSet<String> keys = new TreeSet<>(inA.keySet());
        keys.addAll(inB.keySet());
        for (String k : keys) {
            List<Integer> allA = inA.getOrDefault(k, List.of());
            List<Integer> allB = inB.getOrDefault(k, List.of());
            List<Integer> la = allowedHolders(a, allA, b, allB, allowed, false);
            List<Integer> lb = allowedHolders(b, allB, a, allA, allowed, true);
            if (la.size() == 1 && lb.size() == 1) {
                link(a, la.get(0), b, lb.get(0));
            } else if (!la.isEmpty() && !lb.isEmpty()
                    || rules.duplicatesWithoutCandidatesAreAmbiguous() && (la.size() > 1 || lb.size() > 1)) {
                la.forEach(i -> a.outcome[i] = Outcome.AMBIGUOUS);
                lb.forEach(i -> b.outcome[i] = Outcome.AMBIGUOUS);
            }
        }
    }

    private static List<Integer> allowedHolders(Side side, List<Integer> holders, Side other,
                                                List<Integer> otherHolders, BiPredicate<Row, Row> allowed,
                                                boolean swapped) {
        if (otherHolders.isEmpty()) {
            return holders; // no candidate at all: only the duplicate rule can apply
        }
        List<Integer> kept = new ArrayList<>();
        for (int i : holders) {
            Row r = side.rows.get(i);
            boolean any = otherHolders.stream().map(other.rows::get)
                    .anyMatch(o -> swapped ? allowed.test(o, r) : allowed.test(r, o));
            if (any) {
                kept.add(i);
            }
        }
        return kept;
    }

    private static Map<String, List<Integer>> index(Side side, Function<Row, String> key) {
        Map<String, List<Integer>> map = new HashMap<>();
        for (int i = 0; i < side.rows.size(); i++) {
            Row r = side.rows.get(i);
            String k = key.apply(r);
            if (side.outcome[i] == Outcome.OPEN && !k.isEmpty()) {
                map.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        return map;
    }

    private static void link(Side a, int i, Side b, int j) {
        a.outcome[i] = Outcome.LINKED;
        a.partner[i] = j;
        b.outcome[j] = Outcome.LINKED;
        b.partner[j] = i;
    }

    private static void excludeWithoutKey(Side side, Function<Row, String> key) {
        for (int i = 0; i < side.rows.size(); i++) {
            if (key.apply(side.rows.get(i)).isEmpty()) {
                side.outcome[i] = Outcome.NO_IDENTIFIER;
            }
        }
    }

    /** §2.1 canonical equality: identifiers by key, numbers as decimals, everything else exactly. */
    private static boolean same(Kind kind, String property, String a, String b) {
        if (kind == Kind.PRODUCTS && (property.equals("name") || property.equals("hs_sku"))) {
            return MatchKeys.text(a).equals(MatchKeys.text(b));
        }
        return switch (property) {
            case "email", "domain", "name" -> key(property, a).equals(key(property, b));
            case "numberofemployees", "price", "amount" ->
                    new BigDecimal(a.strip()).compareTo(new BigDecimal(b.strip())) == 0;
            default -> a.equals(b);
        };
    }

    /** A product identifier's key (SKU or name): trimmed, spaces collapsed, lower-cased (§2.3). */
    private static String text(Row row, String property) {
        return MatchKeys.text(row.get(property));
    }

    private static String key(Row row, String property) {
        return key(property, row.get(property));
    }

    private static String key(String property, String value) {
        if (value == null) {
            return "";
        }
        return switch (property) {
            case "email" -> MatchKeys.email(value);
            case "domain" -> MatchKeys.domain(value);
            case "name" -> MatchKeys.name(value);
            default -> throw new IllegalArgumentException(property);
        };
    }

    /** A company's domain key for matching: none when it is a free-mail domain (§2.3). */
    private static String companyDomain(Row row) {
        String k = key(row, "domain");
        return io.crmsync.engine.value.FreeMailDomains.shipped().contains(k) ? "" : k;
    }

    private static int countLinked(Side side) {
        return count(side, Outcome.LINKED);
    }

    private static int count(Side side, Outcome outcome) {
        int n = 0;
        for (Outcome o : side.outcome) {
            n += o == outcome ? 1 : 0;
        }
        return n;
    }

    private static Map<String, Integer> exclusions(Side side) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put(QuickstartExpectations.NO_IDENTIFIER, count(side, Outcome.NO_IDENTIFIER));
        map.put(QuickstartExpectations.AMBIGUOUS_MATCH, count(side, Outcome.AMBIGUOUS));
        return map;
    }
}
