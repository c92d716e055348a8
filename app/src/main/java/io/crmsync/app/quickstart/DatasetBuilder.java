package io.crmsync.app.quickstart;

import io.crmsync.app.quickstart.Dataset.Row;
import io.crmsync.app.quickstart.SourceData.Account;
import io.crmsync.app.quickstart.SourceData.AtomicContact;
import io.crmsync.app.quickstart.SourceData.Contact;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds the two quickstart databases in memory from the bundled demo data and a seed.
 *
 * <p>"shop" holds every apex-recipes account and contact. "hubspot" holds a seeded ~60% of them, written the way
 * a second system would hold them (emails in another case or with stray spaces, websites spelled
 * differently, a field edited or missing on one side), plus records that exist only in hubspot: made-up
 * companies and contacts, and the 500 Atomic CRM contacts. The apex-recipes opportunities are deals held by one
 * app or the other (deals have no identifier, so a deal in both would be created again in each), each at its
 * account. The Vendure catalogue gives one product per variant row: most are in both apps, matched by SKU or, where
 * hubspot lacks it, by name, with prices edited and descriptions missing on one side; the three variants sharing
 * one SKU are in both apps and ambiguous. Every choice draws from one {@link Random} in a fixed order, so one seed
 * always gives the same rows; the deals and products draw after the companies and contacts, which they leave as
 * they were.
 */
final class DatasetBuilder {

    static final double SHARE_IN_HUBSPOT = 0.6;
    /** Fixed clocks: timestamps must not depend on when the quickstart runs. */
    static final Instant SHOP_BASE = Instant.parse("2026-01-05T10:00:00Z");
    static final Instant HUBSPOT_BASE = Instant.parse("2026-01-06T09:00:00Z");
    static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Shares of the shared records that get a field edited in hubspot (a conflict), or a field emptied in hubspot or
     * in shop (a gap the other side fills). Quotas rather than dice, so every kind of difference shows up.
     */
    private static final double EDIT_SHARE = 0.15;
    private static final double GAP_SHARE_EACH_SIDE = 0.08;
    private static final int SHOP_CONTACTS_WITHOUT_EMAIL = 3;
    private static final int HUBSPOT_CONTACTS_WITHOUT_EMAIL = 3;
    private static final int HUBSPOT_WEBSITES_LEFT_EMPTY = 2;

    private final SourceData source;
    private final Random random;
    private final List<Map<String, String>> shopCompanies = new ArrayList<>();
    private final List<Map<String, String>> shopContacts = new ArrayList<>();

    /** A hubspot row before ids are given out; ids follow a shuffle so that hubspot ids differ from shop ids. */
    static final class Draft {
        final Map<String, String> values = new LinkedHashMap<>();
        Draft organization;
        long id;
    }

    DatasetBuilder(SourceData source, long seed) {
        this.source = source;
        this.random = new Random(seed);
    }

    Dataset build() {
        for (Account a : source.accounts()) {
            shopCompanies.add(company(a.name(), a.website(), a.phone(), a.industry(), a.employees(), a.city()));
        }
        for (Contact c : source.contacts()) {
            shopContacts.add(contact(c.email(), c.firstName(), c.lastName(), c.title(), c.phone()));
        }
        boolean[] accountInHubSpot = chooseAccounts();
        int nameTwinRef = chooseNameTwinTarget(accountInHubSpot);
        boolean[] contactInHubSpot = choose(source.contacts().size());
        for (int index : pick(indexesWhere(contactInHubSpot, false), SHOP_CONTACTS_WITHOUT_EMAIL)) {
            // Only shop-only contacts lose their email, so no hubspot copy turns into a second person in shop.
            shopContacts.get(index).put("email", null);
        }

        Map<Integer, Draft> orgByRef = new HashMap<>();
        List<Draft> madeUpOrganizations = madeUpCompanies();
        List<Draft> organizations = organizations(accountInHubSpot, nameTwinRef, orgByRef, madeUpOrganizations);
        List<Draft> customers = customers(contactInHubSpot, orgByRef, madeUpOrganizations);
        List<Map<String, String>> shopDeals = new ArrayList<>();
        List<Long> shopDealCompanies = new ArrayList<>();
        DealAndProductDrafts more = new DealAndProductDrafts(this, source, random);
        List<Draft> hubspotDeals = more.deals(nameTwinRef, orgByRef, shopDeals, shopDealCompanies);
        List<Map<String, String>> shopProducts = new ArrayList<>();
        List<Draft> hubspotProducts = more.products(shopProducts);
        return new Dataset(
                shopRows(shopCompanies, i -> null, 0),
                shopRows(shopContacts, i -> (long) source.contacts().get(i).accountRef(), 120),
                hubspotRows(organizations, 0),
                hubspotRows(customers, 120),
                shopRows(shopDeals, shopDealCompanies::get, 300),
                hubspotRows(hubspotDeals, 300),
                shopRows(shopProducts, i -> null, 360),
                hubspotRows(hubspotProducts, 360));
    }

    /** HubSpot's organizations: shared ones (spelled differently, some edited), name twins, made-up ones. */
    private List<Draft> organizations(boolean[] accountInHubSpot, int nameTwinRef, Map<Integer, Draft> orgByRef,
                                      List<Draft> madeUp) {
        List<Draft> organizations = new ArrayList<>();
        for (Account a : source.accounts()) {
            if (accountInHubSpot[a.ref() - 1]) {
                Draft org = copyOf(shopCompanies.get(a.ref() - 1));
                orgByRef.put(a.ref(), org);
                organizations.add(org);
            }
        }
        List<Integer> sharedRefs = new ArrayList<>(new TreeSet<>(orgByRef.keySet()));
        List<Integer> order = shuffled(sharedRefs.size());
        for (int k = 0; k < order.size(); k++) {
            int ref = sharedRefs.get(order.get(k));
            orgByRef.get(ref).values.put("domain", websiteVariant(source.accounts().get(ref - 1).website(), k));
        }
        List<Integer> websiteCandidates = new ArrayList<>();
        for (int ref : sharedRefs) {
            if (!sharedDomain(ref)) {
                websiteCandidates.add(ref);
            }
        }
        // Records with a shared website end up excluded, so differences on them would never show.
        vary(websiteCandidates.stream().map(ref -> shopCompanies.get(ref - 1)).toList(),
                websiteCandidates.stream().map(ref -> orgByRef.get(ref).values).toList(),
                new String[] {"phone", "city", "numberofemployees"}, new String[] {"phone", "industry", "city", "numberofemployees"});
        for (int ref : pick(websiteCandidates, HUBSPOT_WEBSITES_LEFT_EMPTY)) {
            // No website in hubspot: the pair must then be found by name, and shop fills hubspot's website.
            orgByRef.get(ref).values.put("domain", null);
        }
        organizations.addAll(nameTwins(source.accounts().get(nameTwinRef - 1)));
        organizations.addAll(madeUp);
        Collections.shuffle(organizations, random);
        assignIds(organizations);
        return organizations;
    }

    /** HubSpot's customers: shared ones (emails spelled differently, some edited), made-up ones, Atomic CRM's. */
    private List<Draft> customers(boolean[] contactInHubSpot, Map<Integer, Draft> orgByRef,
                                  List<Draft> madeUpOrganizations) {
        List<Draft> customers = new ArrayList<>();
        List<Map<String, String>> shopShared = new ArrayList<>();
        for (int i = 0; i < source.contacts().size(); i++) {
            if (contactInHubSpot[i]) {
                Contact c = source.contacts().get(i);
                Draft customer = copyOf(shopContacts.get(i));
                customer.organization = orgByRef.get(c.accountRef());
                customers.add(customer);
                shopShared.add(shopContacts.get(i));
            }
        }
        List<Integer> order = shuffled(customers.size());
        for (int k = 0; k < order.size(); k++) {
            Map<String, String> values = customers.get(order.get(k)).values;
            values.put("email", emailVariant(values.get("email"), k));
        }
        vary(shopShared, customers.stream().map(d -> d.values).toList(),
                new String[] {"jobtitle", "phone"}, new String[] {"jobtitle", "phone"});
        customers.addAll(madeUpContacts(madeUpOrganizations));
        for (AtomicContact a : source.atomicContacts()) {
            // Free-mail contacts with no company: they are created in shop as plain contacts.
            Draft d = new Draft();
            d.values.putAll(contact(a.email(), a.firstName(), a.lastName(), a.title(), a.phone()));
            customers.add(d);
        }
        Collections.shuffle(customers, random);
        assignIds(customers);
        return customers;
    }

    // ---- which records go to hubspot ----

    private boolean[] chooseAccounts() {
        boolean[] inHubSpot = choose(source.accounts().size());
        for (Account a : source.accounts()) {
            if (sharedDomain(a.ref())) {
                // Both holders of a shared website go to hubspot too, so hubspot also holds the key twice and every
                // reading of "ambiguous" (§2.3) excludes all four records, not just some of them.
                inHubSpot[a.ref() - 1] = true;
            }
        }
        return inHubSpot;
    }

    /** The shop-only account with a unique website that two domain-less hubspot companies will be named after. */
    private int chooseNameTwinTarget(boolean[] accountInHubSpot) {
        for (Account a : source.accounts()) {
            if (!accountInHubSpot[a.ref() - 1] && !sharedDomain(a.ref())) {
                return a.ref();
            }
        }
        // Every account was drawn for hubspot (an unlikely seed): take the first unique one back out.
        for (Account a : source.accounts()) {
            if (!sharedDomain(a.ref())) {
                accountInHubSpot[a.ref() - 1] = false;
                return a.ref();
            }
        }
        throw new IllegalStateException("no account has a website of its own");
    }

    /** True if account {@code ref}'s website host is another account's too. */
    boolean sharedDomain(int ref) {
        String key = MatchKeys.domain(source.accounts().get(ref - 1).website());
        return source.accounts().stream().filter(a -> MatchKeys.domain(a.website()).equals(key)).count() > 1;
    }

    private boolean[] choose(int n) {
        boolean[] chosen = new boolean[n];
        for (int i = 0; i < n; i++) {
            chosen[i] = random.nextDouble() < SHARE_IN_HUBSPOT;
        }
        return chosen;
    }

    // ---- hubspot copies of shop records ----

    /** A hubspot row that starts as a copy of a shop row; the differences are applied afterwards. */
    private static Draft copyOf(Map<String, String> shop) {
        Draft d = new Draft();
        d.values.putAll(shop);
        return d;
    }

    /**
     * Spellings of one website that all share the domain key (§2.3), so they match and cause no write. The
     * k-th record of a shuffled order gets spelling k mod 6, so each spelling occurs.
     */
    private static String websiteVariant(String url, int k) {
        String host = MatchKeys.domain(url);
        return switch (k % 6) {
            case 2 -> "https://www." + host + "/";
            case 3 -> url.toUpperCase(Locale.ROOT);
            case 4 -> "http://" + host + "/about-us";
            case 5 -> host;
            default -> url;
        };
    }

    /**
     * Spellings of one email that share the email key: case, spaces and a no-break space (U+00A0). Half of
     * the shared contacts keep the shop spelling; each other spelling occurs.
     */
    private static String emailVariant(String email, int k) {
        return switch (k % 10) {
            case 5 -> email.toUpperCase(Locale.ROOT);
            case 6 -> Character.toUpperCase(email.charAt(0)) + email.substring(1, email.indexOf('@') + 1)
                    + Character.toUpperCase(email.charAt(email.indexOf('@') + 1))
                    + email.substring(email.indexOf('@') + 2);
            case 7 -> "  " + email + " ";
            case 8 -> "\u00A0" + email;
            case 9 -> email + "\u00A0";
            default -> email;
        };
    }

    /**
     * Gives a quota of the shared records one real difference each: a field edited in hubspot (filled and
     * different on both sides, which the first sync resolves for the default app) or a field emptied in hubspot
     * or in shop (a gap the other side fills). One per record at most keeps the counts easy to follow.
     */
    void vary(List<Map<String, String>> shop, List<Map<String, String>> hubspot, String[] editable,
                      String[] gappable) {
        int n = shop.size();
        int edits = (int) Math.round(n * EDIT_SHARE);
        int gaps = (int) Math.round(n * GAP_SHARE_EACH_SIDE);
        List<Integer> order = shuffled(n);
        for (int k = 0; k < Math.min(n, edits + 2 * gaps); k++) {
            int i = order.get(k);
            if (k < edits) {
                String field = editable[random.nextInt(editable.length)];
                hubspot.get(i).put(field, edited(field, shop.get(i).get(field)));
            } else {
                String field = gappable[random.nextInt(gappable.length)];
                (k < edits + gaps ? hubspot : shop).get(i).put(field, null);
            }
        }
    }

    private List<Integer> shuffled(int n) {
        List<Integer> order = indexes(n);
        Collections.shuffle(order, random);
        return order;
    }

    private static List<Integer> indexes(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    private String edited(String field, String value) {
        return switch (field) {
            case "phone" -> {
                String last4 = value.substring(value.length() - 4);
                String other;
                do {
                    other = String.format(Locale.ROOT, "%04d", random.nextInt(10_000));
                } while (other.equals(last4));
                yield value.substring(0, value.length() - 4) + other;
            }
            case "city" -> {
                String other;
                do {
                    other = source.accounts().get(random.nextInt(source.accounts().size())).city();
                } while (other.equals(value));
                yield other;
            }
            case "numberofemployees" -> Long.toString(Long.parseLong(value) + 1 + random.nextInt(900));
            case "jobtitle" -> (value.startsWith("Senior ") ? "Lead " : "Senior ") + value;
            case "price" -> new java.math.BigDecimal(value).add(java.math.BigDecimal.valueOf(5 + random.nextInt(50)))
                    .toPlainString();
            default -> throw new IllegalArgumentException(field);
        };
    }

    // ---- records that exist in hubspot only ----

    /**
     * Two hubspot companies without a website whose names share the name key of one shop-only company: that
     * company has no partner by domain, so it is matched by name, finds two candidates and is excluded as
     * AMBIGUOUS_MATCH, together with both of them. The spellings differ only by case and punctuation, which
     * every §2.3 name normalisation unifies.
     */
    private List<Draft> nameTwins(Account target) {
        List<Draft> twins = new ArrayList<>();
        for (String name : List.of(target.name().toUpperCase(Locale.ROOT), target.name() + ".")) {
            Draft d = new Draft();
            d.values.putAll(company(name, null, phone555(true), target.industry(), null, target.city()));
            twins.add(d);
        }
        return twins;
    }

    private static final String[][] MADE_UP_COMPANIES = {
        {"Brightwater Analytics", "brightwater-analytics.example", "Business Services"},
        {"Copperleaf Foods Inc.", "copperleaf.example", "Restaurants"},
        {"Driftwood Logistics", "driftwood-logistics.example", "Industrial Specialties"},
        {"Evergreen Robotics LLC", "evergreen-robotics.example", "Industrial Machinery/Components"},
        {"Foxglove Health", "foxglovehealth.example", "Major Pharmaceuticals"},
        {"Granite Peak Outfitters", "granitepeak.example", "Miscellaneous manufacturing industries"},
        {"Harborview Marine Ltd", "harborview-marine.example", "Oil & Gas Production"},
        {"Ironbark Software", "ironbark.example", "EDP Services"},
        {"Juniper Lane Studios", "juniperlane.example", "Broadcasting"},
        {"Kestrel Aviation Corp.", "kestrel-aviation.example", "Military/Government/Technical"},
    };

    private List<Draft> madeUpCompanies() {
        List<Draft> list = new ArrayList<>();
        for (String[] c : MADE_UP_COMPANIES) {
            String website = switch (random.nextInt(4)) {
                case 0 -> "https://www." + c[1] + "/";
                case 1 -> "http://" + c[1] + "/contact";
                case 2 -> c[1].toUpperCase(Locale.ROOT);
                default -> c[1];
            };
            String employees = Integer.toString(10 + random.nextInt(5000));
            String city = source.accounts().get(random.nextInt(source.accounts().size())).city();
            Draft d = new Draft();
            d.values.putAll(company(c[0], website, phone555(true), c[2], employees, city));
            list.add(d);
        }
        return list;
    }

    private static final String[] FIRST_NAMES = {"Ava", "Ben", "Chloe", "Diego", "Elena", "Farid", "Grace",
        "Hugo", "Imani", "Jonas", "Keiko", "Liam", "Maya", "Nikolai", "Olivia", "Priya", "Quentin", "Rosa",
        "Samir", "Tess"};
    private static final String[] LAST_NAMES = {"Abernathy", "Bishop", "Castellano", "Dubois", "Eriksen",
        "Fontaine", "Gallagher", "Hargrove", "Iverson", "Jablonski", "Kowalczyk", "Lindqvist", "Moreau",
        "Nakamura", "Okafor", "Petrov", "Quintero", "Rahman", "Sorensen", "Takahashi"};
    private static final String[] TITLES = {"Operations Manager", "Head of Sales", "Account Executive",
        "Chief Technology Officer", "Procurement Lead", "Marketing Director", "Office Manager", "Data Analyst"};

    private List<Draft> madeUpContacts(List<Draft> organizations) {
        List<Draft> list = new ArrayList<>();
        for (int i = 0; i < FIRST_NAMES.length; i++) {
            Draft org = organizations.get(random.nextInt(organizations.size()));
            String host = MatchKeys.domain(org.values.get("domain"));
            String email = (FIRST_NAMES[i] + "." + LAST_NAMES[i]).toLowerCase(Locale.ROOT) + "@" + host;
            Draft d = new Draft();
            d.values.putAll(contact(email, FIRST_NAMES[i], LAST_NAMES[i], TITLES[random.nextInt(TITLES.length)],
                    phone555(false)));
            d.organization = org;
            list.add(d);
        }
        for (int index : pick(indexes(list.size()), HUBSPOT_CONTACTS_WITHOUT_EMAIL)) {
            list.get(index).values.put("email", null);
        }
        return list;
    }

    /** A fictitious 555 number in the apex formats: {@code 1(555)123-4567} or {@code 5551234567}. */
    private String phone555(boolean company) {
        int a = random.nextInt(1000);
        int b = random.nextInt(10_000);
        return company ? String.format(Locale.ROOT, "1(555)%03d-%04d", a, b)
                : String.format(Locale.ROOT, "555%03d%04d", a, b);
    }

    // ---- helpers ----

    private static Map<String, String> company(String name, String domain, String phone, String industry,
                                               String employees, String city) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("domain", domain);
        m.put("phone", phone);
        m.put("industry", industry);
        m.put("numberofemployees", employees);
        m.put("city", city);
        m.replaceAll((k, v) -> v == null || v.isEmpty() ? null : v); // one spelling of "empty": NULL
        return m;
    }

    private static Map<String, String> contact(String email, String first, String last, String title,
                                               String phone) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("email", email);
        m.put("firstname", first);
        m.put("lastname", last);
        m.put("jobtitle", title);
        m.put("phone", phone);
        m.replaceAll((k, v) -> v == null || v.isEmpty() ? null : v);
        return m;
    }

    List<Integer> pick(List<Integer> from, int count) {
        List<Integer> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        List<Integer> picked = new ArrayList<>(copy.subList(0, Math.min(count, copy.size())));
        Collections.sort(picked);
        return picked;
    }

    private static List<Integer> indexesWhere(boolean[] flags, boolean value) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == value) {
                list.add(i);
            }
        }
        return list;
    }

    static void assignIds(List<Draft> drafts) {
        for (int i = 0; i < drafts.size(); i++) {
            drafts.get(i).id = i + 1;
        }
    }

    private static List<Row> shopRows(List<Map<String, String>> values, Function<Integer, Long> parent,
                                     int minuteOffset) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            rows.add(new Row(i + 1, values.get(i), parent.apply(i), timestamp(SHOP_BASE, minuteOffset + i)));
        }
        return rows;
    }

    private static List<Row> hubspotRows(List<Draft> drafts, int minuteOffset) {
        List<Row> rows = new ArrayList<>();
        for (Draft d : drafts) {
            Long parent = d.organization == null ? null : d.organization.id;
            rows.add(new Row(d.id, d.values, parent, timestamp(HUBSPOT_BASE, minuteOffset + (int) d.id)));
        }
        return rows;
    }

    private static String timestamp(Instant base, int minutes) {
        return ISO_MILLIS.format(base.plusSeconds(60L * minutes));
    }
}
