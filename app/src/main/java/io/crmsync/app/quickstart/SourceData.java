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
record SourceData(List<Account> accounts, List<Contact> contacts, List<AtomicContact> atomicContacts) {

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

    SourceData {
        accounts = List.copyOf(accounts);
        contacts = List.copyOf(contacts);
        atomicContacts = List.copyOf(atomicContacts);
    }

    /** Reads the three CSV files. Fails loudly if a resource is missing: that is a packaging bug. */
    static SourceData load() {
        List<Account> accounts = read("Accounts.csv", r -> new Account((int) r.getRecordNumber(), r.get("name"),
                r.get("phone"), r.get("website"), r.get("industry"), r.get("NumberOfEmployees"),
                r.get("billingcity")));
        List<Contact> contacts = read("Contacts.csv", r -> new Contact(r.get("firstName"), r.get("lastName"),
                r.get("email"), accountRef(r), r.get("title"), r.get("phone")));
        List<AtomicContact> atomic = read("atomic-contacts.csv", r -> new AtomicContact(r.get("first_name"),
                r.get("last_name"), r.get("email_other"), r.get("title"),
                firstNonEmpty(r.get("phone_work"), r.get("phone_home"), r.get("phone_other"))));
        return new SourceData(accounts, contacts, atomic);
    }

    private static int accountRef(CSVRecord r) {
        String ref = r.get("accountId");
        if (!ref.startsWith("@AccountRef")) {
            throw new IllegalStateException("Contacts.csv line " + r.getRecordNumber()
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
        String path = RESOURCE_DIR + file;
        try (InputStream in = SourceData.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Quickstart resource " + path + " is missing from the classpath");
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
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
