package io.crmsync.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generated companies, contacts and deals for both sides of {@code objects-initial}, deterministic for a seed, with
 * each record's associated records given as indexes into the same side's lists.
 *
 * <p>Per side: {@code companies} companies, half of them sharing their domain (the default match key of
 * companies) with one on the other side, one in four of those pairs having the city empty on one side
 * (alternating); {@code contacts} contacts, half of them sharing their email with the other side, one in four of
 * those pairs having the job title empty on one side; {@code deals} deals, which have no default match key, so
 * every deal is created on the other side. Nine in ten contacts and deals have a primary company. A deal has one
 * to three contacts of its side, one in five none. A shared
 * contact's company is a shared company, the same on both sides, except that one in eight shared contacts has no
 * company on one side (alternating), which the sync fills from the other side. Every domain, email and deal name
 * is unique, so each record can be found again by it.
 *
 * @param hubspot the sandbox's records
 * @param shop    PostgreSQL's records
 * @param shared  records present on both sides (matched by the sync), by object type
 */
record ObjectsData(Side hubspot, Side shop, Map<String, Integer> shared) {
    static final String COMPANIES = "companies";
    static final String CONTACTS = "contacts";
    static final String DEALS = "deals";
    static final String[] COMPANY_PROPERTIES = {"name", "domain", "city"};
    static final String[] CONTACT_PROPERTIES = {"email", "firstname", "lastname", "jobtitle"};
    static final String[] DEAL_PROPERTIES = {"dealname", "amount", "pipeline", "dealstage"};

    /**
     * One record: its property values by HubSpot property name ({@code null} = empty), and its associated records
     * by associated object type, as indexes into that type's list on the same side.
     */
    record Row(Map<String, String> properties, Map<String, int[]> associated) {
        /** The one associated record of {@code type}, or -1 when none. */
        int one(String type) {
            int[] ids = associated.get(type);
            return ids == null || ids.length == 0 ? -1 : ids[0];
        }
    }

    /** One side's records by object type; each list in the order it is seeded. */
    record Side(Map<String, List<Row>> records) {
        List<Row> of(String type) {
            return records.get(type);
        }

        int size() {
            return records.values().stream().mapToInt(List::size).sum();
        }
    }

    private static final String[] TITLES = {"Engineer", "Buyer", "Sales Manager", "CFO", "Designer", "Analyst"};
    private static final String[] WORDS = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark",
        "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Wonka"};
    private static final String[] STAGES = {"appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
        "decisionmakerboughtin", "contractsent"};

    /**
     * @param companies companies per side, at least 2
     * @param contacts  contacts per side
     * @param deals     deals per side
     */
    static ObjectsData generate(int companies, int contacts, int deals, long seed) {
        Random random = new Random(seed);
        int sharedCompanies = companies / 2;
        int sharedContacts = contacts / 2;
        List<Row> hubCompanies = new ArrayList<>(companies);
        List<Row> shopCompanies = new ArrayList<>(companies);
        int serial = 0;
        for (int i = 0; i < sharedCompanies; i++) {
            Map<String, String> c = company(random, serial++);
            Map<String, String> other = new LinkedHashMap<>(c);
            if (i % 4 == 1) {
                other.put("city", null);
            } else if (i % 4 == 3) {
                c.put("city", null);
            }
            hubCompanies.add(new Row(c, Map.of()));
            shopCompanies.add(new Row(other, Map.of()));
        }
        for (int i = sharedCompanies; i < companies; i++) {
            hubCompanies.add(new Row(company(random, serial++), Map.of()));
            shopCompanies.add(new Row(company(random, serial++), Map.of()));
        }
        // Shared companies sit at the same index on both sides until the shuffle below; a shared contact names
        // the same shared company on both sides.
        List<Row> hubContacts = new ArrayList<>(contacts);
        List<Row> shopContacts = new ArrayList<>(contacts);
        for (int i = 0; i < sharedContacts; i++) {
            Map<String, String> c = contact(random, serial++);
            Map<String, String> other = new LinkedHashMap<>(c);
            if (i % 4 == 1) {
                other.put("jobtitle", null);
            } else if (i % 4 == 3) {
                c.put("jobtitle", null);
            }
            int company = random.nextInt(10) == 0 || sharedCompanies == 0 ? -1 : random.nextInt(sharedCompanies);
            hubContacts.add(new Row(c, companyOf(i % 8 == 2 ? -1 : company)));
            shopContacts.add(new Row(other, companyOf(i % 8 == 6 ? -1 : company)));
        }
        for (int i = sharedContacts; i < contacts; i++) {
            hubContacts.add(new Row(contact(random, serial++), companyOf(anyCompany(random, companies))));
            shopContacts.add(new Row(contact(random, serial++), companyOf(anyCompany(random, companies))));
        }
        List<Row> hubDeals = new ArrayList<>(deals);
        List<Row> shopDeals = new ArrayList<>(deals);
        for (int i = 0; i < deals; i++) {
            hubDeals.add(new Row(deal(random, serial++), dealLinks(random, companies, contacts)));
            shopDeals.add(new Row(deal(random, serial++), dealLinks(random, companies, contacts)));
        }
        Side hub = shuffled(hubCompanies, hubContacts, hubDeals, new Random(seed + 1));
        Side shop = shuffled(shopCompanies, shopContacts, shopDeals, new Random(seed + 2));
        return new ObjectsData(hub, shop, Map.of(COMPANIES, sharedCompanies, CONTACTS, sharedContacts, DEALS, 0));
    }

    private static int anyCompany(Random random, int companies) {
        return random.nextInt(10) == 0 ? -1 : random.nextInt(companies);
    }

    private static Map<String, int[]> companyOf(int index) {
        return index < 0 ? Map.of() : Map.of(COMPANIES, new int[] {index});
    }

    /** A deal's primary company (nine in ten) and its contacts: none for one in five, else one to three. */
    private static Map<String, int[]> dealLinks(Random random, int companies, int contacts) {
        Map<String, int[]> links = new HashMap<>(companyOf(anyCompany(random, companies)));
        int n = random.nextInt(5) == 0 ? 0 : Math.min(contacts, 1 + random.nextInt(3));
        if (n > 0) {
            links.put(CONTACTS, random.ints(0, contacts).distinct().limit(n).toArray());
        }
        return Map.copyOf(links);
    }

    /**
     * Shuffles each list, as rows of real tables interleave, and renumbers the associated indexes (companies of
     * contacts and deals, contacts of deals) to follow.
     */
    private static Side shuffled(List<Row> companies, List<Row> contacts, List<Row> deals, Random random) {
        int[] companyIndex = permutation(companies.size(), random);
        int[] contactIndex = permutation(contacts.size(), random);
        Map<String, int[]> newIndex = Map.of(COMPANIES, companyIndex, CONTACTS, contactIndex);
        Map<String, List<Row>> records = new LinkedHashMap<>();
        records.put(COMPANIES, placed(companies, companyIndex, newIndex));
        records.put(CONTACTS, placed(contacts, contactIndex, newIndex));
        records.put(DEALS, placed(deals, permutation(deals.size(), random), newIndex));
        return new Side(records);
    }

    /** A random permutation: element i of a list moves to index {@code p[i]}. */
    private static int[] permutation(int size, Random random) {
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[order.get(i)] = i;
        }
        return p;
    }

    /** {@code rows} at their new indexes, each association renumbered by {@code newIndex} of its type. */
    private static List<Row> placed(List<Row> rows, int[] at, Map<String, int[]> newIndex) {
        Row[] out = new Row[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Map<String, int[]> associated = new HashMap<>();
            r.associated().forEach((type, indexes) -> associated.put(type,
                    Arrays.stream(indexes).map(x -> newIndex.get(type)[x]).toArray()));
            out[at[i]] = new Row(r.properties(), Map.copyOf(associated));
        }
        return List.of(out);
    }

    private static Map<String, String> company(Random random, int serial) {
        String word = WORDS[random.nextInt(WORDS.length)];
        Map<String, String> c = new LinkedHashMap<>();
        c.put("name", word + " " + serial);
        c.put("domain", word.toLowerCase(Locale.ROOT) + serial + ".example");
        c.put("city", HubSpotBench.CITIES[random.nextInt(HubSpotBench.CITIES.length)]);
        return c;
    }

    private static Map<String, String> contact(Random random, int serial) {
        String first = HubSpotBench.FIRST[random.nextInt(HubSpotBench.FIRST.length)];
        String last = HubSpotBench.LAST[random.nextInt(HubSpotBench.LAST.length)];
        Map<String, String> c = new LinkedHashMap<>();
        c.put("email", (first + "." + last + "." + serial + "@example.com").toLowerCase(Locale.ROOT));
        c.put("firstname", first);
        c.put("lastname", last);
        c.put("jobtitle", TITLES[random.nextInt(TITLES.length)]);
        return c;
    }

    private static Map<String, String> deal(Random random, int serial) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("dealname", "Deal " + serial);
        d.put("amount", Integer.toString(100 * (1 + random.nextInt(500))));
        d.put("pipeline", "default");
        d.put("dealstage", STAGES[random.nextInt(STAGES.length)]);
        return d;
    }

    /**
     * What both sides should hold after the sync for one association: each record of {@code from} by its key
     * ({@link #key}) to the keys of its associated records of {@code to}, sorted and joined by {@code ","}
     * ({@code ""} when none; see {@link #joined}). Every record of either side is in. Shared records merge: an
     * association empty on one side is filled from the other.
     */
    Map<String, String> expected(String from, String to) {
        Map<String, String> out = new HashMap<>();
        for (Side side : List.of(hubspot, shop)) {
            List<Row> targets = side.of(to);
            for (Row r : side.of(from)) {
                List<String> keys = new ArrayList<>();
                for (int target : r.associated().getOrDefault(to, new int[0])) {
                    keys.add(key(to, targets.get(target).properties()));
                }
                out.merge(key(from, r.properties()), joined(keys), (a, b) -> a.isEmpty() ? b : a);
            }
        }
        return out;
    }

    /** Keys of associated records as one comparable value: sorted, joined by {@code ","}. */
    static String joined(List<String> keys) {
        return keys.stream().sorted().collect(java.util.stream.Collectors.joining(","));
    }

    /** The unique key of a record of {@code type}: a company's domain, a contact's email, a deal's name. */
    static String key(String type, Map<String, String> properties) {
        return properties.get(switch (type) {
            case COMPANIES -> "domain";
            case CONTACTS -> "email";
            default -> "dealname";
        });
    }
}
