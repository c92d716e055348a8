package io.crmsync.app.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The bundled demo records (see {@code /io/crmsync/app/quickstart/NOTICE.md}), read from the classpath only: a
 * user's installation has no copy of the repository's shared data folder.
 */
record SourceData(List<Account> accounts, List<Contact> contacts, List<AtomicContact> atomicContacts,
                  List<Opportunity> opportunities, List<Product> products) {

    static final String RESOURCE_DIR = "/io/crmsync/app/quickstart/";

    /** An apex-recipes Account; {@code ref} is its 1-based row number, the N of {@code @AccountRefN}. */
    record Account(int ref, String name, String phone, String website, String industry, String employees,
                   String city) {
    }

    /** An apex-recipes Contact; {@code accountRef} is the N of its {@code accountId}. */
    record Contact(String firstName, String lastName, String email, int accountRef, String title, String phone) {
    }

    /** An Atomic CRM demo contact: its only email is {@code email_other}; phone is the first one given. */
    record AtomicContact(String firstName, String lastName, String email, String title, String phone) {
    }

    /**
     * An apex-recipes Opportunity; {@code accountRef} is the N of its {@code accountId}, {@code closeDate} an
     * ISO-8601 instant, {@code amount} a decimal.
     */
    record Opportunity(String name, String amount, String closeDate, String description, String stage,
                       int accountRef) {
    }

    /**
     * One variant row of the Vendure catalogue: {@code name} is the product's name followed by the variant's option
     * values (a row with an empty name continues the product above it), {@code description} the product's.
     */
    record Product(String name, String sku, String price, String description) {
    }

    SourceData {
        accounts = List.copyOf(accounts);
        contacts = List.copyOf(contacts);
        atomicContacts = List.copyOf(atomicContacts);
        opportunities = List.copyOf(opportunities);
        products = List.copyOf(products);
    }

    /** Reads the CSV files. Fails loudly if a resource is missing: that is a packaging bug. */
    static SourceData load() {
        List<Account> accounts = read("Accounts.csv", r -> new Account((int) r.getRecordNumber(), r.get("name"),
                r.get("phone"), r.get("website"), r.get("industry"), r.get("NumberOfEmployees"),
                r.get("billingcity")));
        List<Contact> contacts = read("Contacts.csv", r -> new Contact(r.get("firstName"), r.get("lastName"),
                r.get("email"), accountRef(r), r.get("title"), r.get("phone")));
        List<AtomicContact> atomic = read("atomic-contacts.csv", r -> new AtomicContact(r.get("first_name"),
                r.get("last_name"), r.get("email_other"), r.get("title"),
                firstNonEmpty(r.get("phone_work"), r.get("phone_home"), r.get("phone_other"))));
        List<Opportunity> opportunities = read("Opportunities.csv", r -> new Opportunity(r.get("name"),
                r.get("amount"), r.get("closedate"), r.get("description"), r.get("StageName"),
                accountRef(r, "Opportunities.csv")));
        return new SourceData(accounts, contacts, atomic, opportunities, readProducts());
    }

    /** The Vendure rows, whose headers and values are padded with spaces; one product per variant row. */
    private static List<Product> readProducts() {
        List<Product> products = new ArrayList<>();
        String[] parent = new String[2];
        read("vendure-products.csv", r -> {
            if (!r.get("name").isEmpty()) {
                parent[0] = r.get("name");
                parent[1] = r.get("description");
            }
            String options = r.get("optionValues").replace('|', ' ');
            return new Product(options.isEmpty() ? parent[0] : parent[0] + " " + options, r.get("sku"),
                    r.get("price"), parent[1]);
        }, true).forEach(products::add);
        return products;
    }

    private static int accountRef(CSVRecord r) {
        return accountRef(r, "Contacts.csv");
    }

    private static int accountRef(CSVRecord r, String file) {
        String ref = r.get("accountId");
        if (!ref.startsWith("@AccountRef")) {
            throw new IllegalStateException(file + " line " + r.getRecordNumber()
                    + ": accountId '" + ref + "' is not an @AccountRefN reference");
        }
        return Integer.parseInt(ref.substring("@AccountRef".length()));
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
        return read(file, mapper, false);
    }

    private static <T> List<T> read(String file, Function<CSVRecord, T> mapper, boolean trim) {
        String path = RESOURCE_DIR + file;
        try (InputStream in = SourceData.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Quickstart resource " + path + " is missing from the classpath");
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            // Only the Vendure file pads headers and values with spaces; other files' spaces are data.
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                    .setIgnoreSurroundingSpaces(trim).setTrim(trim).get();
            List<T> rows = new ArrayList<>();
            try (CSVParser parser = format.parse(reader)) {
                for (CSVRecord record : parser) {
                    rows.add(mapper.apply(record));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read quickstart resource " + path, e);
        }
    }
}
