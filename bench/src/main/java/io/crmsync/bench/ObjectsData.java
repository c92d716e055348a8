package io.crmsync.bench;

import java.util.ArrayList;
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
 * every deal is created on the other side. Nine in ten contacts and deals have a primary company. A shared
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

    private static final String[] FIRST = {"Ann", "Bob", "Chloe", "Dev", "Emma", "Farid", "Gina", "Hugo", "Ines",
        "Jon", "Kira", "Liam", "Mia", "Noah", "Olga", "Pia", "Quinn", "Rosa", "Sam", "Tara"};
    private static final String[] LAST = {"Lee", "Kim", "Novak", "Silva", "Okafor", "Berg", "Rossi", "Dubois",
        "Khan", "Meyer", "Tanaka", "Walsh", "Moreau", "Costa", "Ivanova", "Larsen"};
    private static final String[] TITLES = {"Engineer", "Buyer", "Sales Manager", "CFO", "Designer", "Analyst"};
    private static final String[] CITIES = {"Lyon", "Berlin", "Porto", "Austin", "Leeds", "Osaka", "Turin", "Ghent"};
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
            hubDeals.add(new Row(deal(random, serial++), companyOf(anyCompany(random, companies))));
            shopDeals.add(new Row(deal(random, serial++), companyOf(anyCompany(random, companies))));
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

    /** Shuffles each list, as rows of real tables interleave, and renumbers the company indexes to follow. */
    private static Side shuffled(List<Row> companies, List<Row> contacts, List<Row> deals, Random random) {
        List<Integer> order = new ArrayList<>(companies.size());
        for (int i = 0; i < companies.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int[] newIndex = new int[companies.size()];
        List<Row> shuffledCompanies = new ArrayList<>(companies.size());
        for (int i = 0; i < order.size(); i++) {
            newIndex[order.get(i)] = i;
            shuffledCompanies.add(companies.get(order.get(i)));
        }
        Map<String, List<Row>> records = new LinkedHashMap<>();
        records.put(COMPANIES, shuffledCompanies);
        records.put(CONTACTS, renumbered(contacts, newIndex, random));
        records.put(DEALS, renumbered(deals, newIndex, random));
        return new Side(records);
    }

    private static List<Row> renumbered(List<Row> rows, int[] newCompanyIndex, Random random) {
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            int company = r.one(COMPANIES);
            out.add(new Row(r.properties(), companyOf(company < 0 ? -1 : newCompanyIndex[company])));
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static Map<String, String> company(Random random, int serial) {
        String word = WORDS[random.nextInt(WORDS.length)];
        Map<String, String> c = new LinkedHashMap<>();
        c.put("name", word + " " + serial);
        c.put("domain", word.toLowerCase(Locale.ROOT) + serial + ".example");
        c.put("city", CITIES[random.nextInt(CITIES.length)]);
        return c;
    }

    private static Map<String, String> contact(Random random, int serial) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
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
