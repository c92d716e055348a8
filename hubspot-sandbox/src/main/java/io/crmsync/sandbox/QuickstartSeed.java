package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Seeds an <em>empty</em> sandbox with HubSpot-shaped demo records from the bundled CSV files (see
 * {@code io/crmsync/sandbox/quickstart/NOTICE.md}):
 * <ul>
 * <li>every apex-recipes account (50) as a company: {@code name}, {@code domain} (host of the website, without
 * {@code www.}), {@code phone}, {@code industry} (omitted when "n/a"), {@code numberofemployees}, {@code city}
 * (billing city);</li>
 * <li>every apex-recipes contact (150): {@code email}, {@code firstname}, {@code lastname}, {@code jobtitle},
 * {@code phone}, with a primary company association (typeId 1, plus the unlabeled 279) to the company of its
 * {@code accountId} ({@code @AccountRefN} = N-th account row);</li>
 * <li>{@value #DEFAULT_ATOMIC_CONTACTS} of the 500 Atomic CRM contacts, chosen with a fixed seed
 * ({@value #SEED}) and kept in file order, with the same contact properties and no company.</li>
 * </ul>
 * Records are created through the same validation as the API, in one transaction, in a fixed order: the same
 * data always gets the same ids on a fresh store. A store holding any record (live or archived) is left
 * untouched, so a restart never seeds twice.
 */
public final class QuickstartSeed {
    static final String RESOURCE_DIR = "/io/crmsync/sandbox/quickstart/";
    public static final long SEED = 20260105L;
    public static final int DEFAULT_ATOMIC_CONTACTS = 100;

    /** What was created; all zero and {@code seeded=false} when the store was not empty. */
    public record Result(boolean seeded, int companies, int contacts, int primaryAssociations) {
    }

    private QuickstartSeed() {
    }

    /** Seeds {@code server}'s store if it is empty, with {@value #DEFAULT_ATOMIC_CONTACTS} Atomic CRM contacts. */
    public static Result apply(SandboxServer server) {
        return apply(server, DEFAULT_ATOMIC_CONTACTS);
    }

    /** As {@link #apply(SandboxServer)} with {@code atomicContacts} (0..500) Atomic CRM contacts. */
    public static Result apply(SandboxServer server, int atomicContacts) {
        RecordStore store = server.store();
        ObjectService service = server.objectService();
        AssociationService associations = server.associationService();
        List<Map<String, String>> accounts = read("Accounts.csv", CSVRecord::toMap);
        List<Map<String, String>> apex = read("Contacts.csv", CSVRecord::toMap);
        List<Map<String, String>> atomic = sample(read("atomic-contacts.csv", CSVRecord::toMap), atomicContacts);
        return store.inTransaction(() -> {
            if (!store.isEmpty()) {
                return new Result(false, 0, 0, 0);
            }
            Map<Integer, Long> companyByRef = new HashMap<>();
            for (int i = 0; i < accounts.size(); i++) {
                Map<String, String> a = accounts.get(i);
                ObjectNode p = props("name", a.get("name"), "domain", domain(a.get("website")), "phone",
                        a.get("phone"), "industry", "n/a".equals(a.get("industry")) ? null : a.get("industry"),
                        "numberofemployees", a.get("NumberOfEmployees"), "city", a.get("billingcity"));
                companyByRef.put(i + 1, service.create(ObjectType.COMPANIES, p).id());
            }
            AssociationTypes.Type primary = AssociationTypes.find(ObjectType.CONTACTS, ObjectType.COMPANIES, 1)
                    .orElseThrow();
            int primaries = 0;
            for (Map<String, String> c : apex) {
                StoredRecord contact = service.create(ObjectType.CONTACTS, props("email", c.get("email"),
                        "firstname", c.get("firstName"), "lastname", c.get("lastName"), "jobtitle", c.get("title"),
                        "phone", c.get("phone")));
                Long company = companyByRef.get(accountRef(c.get("accountId")));
                if (company == null) {
                    throw new IllegalStateException("Contacts.csv: unknown account " + c.get("accountId"));
                }
                associations.associate(ObjectType.CONTACTS, Long.toString(contact.id()), ObjectType.COMPANIES,
                        Long.toString(company), List.of(primary));
                primaries++;
            }
            for (Map<String, String> c : atomic) {
                service.create(ObjectType.CONTACTS, props("email", c.get("email_other"), "firstname",
                        c.get("first_name"), "lastname", c.get("last_name"), "jobtitle", c.get("title"), "phone",
                        firstNonEmpty(c.get("phone_work"), c.get("phone_home"), c.get("phone_other"))));
            }
            return new Result(true, accounts.size(), apex.size() + atomic.size(), primaries);
        });
    }

    /** {@code n} rows chosen by a shuffle with {@link #SEED}, returned in their original order. */
    static List<Map<String, String>> sample(List<Map<String, String>> rows, int n) {
        if (n < 0 || n > rows.size()) {
            throw new IllegalArgumentException("atomicContacts must be between 0 and " + rows.size() + ", got " + n);
        }
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            indexes.add(i);
        }
        Collections.shuffle(indexes, new Random(SEED));
        List<Integer> chosen = new ArrayList<>(indexes.subList(0, n));
        Collections.sort(chosen);
        return chosen.stream().map(rows::get).toList();
    }

    /** The website's host, lower-cased, without a leading {@code www.}; null when there is none. */
    static String domain(String website) {
        if (website == null || website.isBlank()) {
            return null;
        }
        String w = website.strip();
        String host = URI.create(w.contains("://") ? w : "http://" + w).getHost();
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    private static int accountRef(String ref) {
        if (ref == null || !ref.startsWith("@AccountRef")) {
            throw new IllegalStateException("Contacts.csv: accountId '" + ref + "' is not an @AccountRefN reference");
        }
        return Integer.parseInt(ref.substring("@AccountRef".length()));
    }

    private static ObjectNode props(String... kv) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null && !kv[i + 1].isBlank()) {
                p.put(kv[i], kv[i + 1].strip());
            }
        }
        return p;
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static <T> List<T> read(String file, Function<CSVRecord, T> mapper) {
        String path = RESOURCE_DIR + file;
        try (InputStream in = QuickstartSeed.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Quickstart resource " + path + " is missing from the classpath");
            }
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
            List<T> rows = new ArrayList<>();
            try (CSVParser parser = format.parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (CSVRecord r : parser) {
                    rows.add(mapper.apply(r));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read quickstart resource " + path, e);
        }
    }
}
