package io.crmsync.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Generated contacts for both sides of an initial sync, deterministic for a seed.
 *
 * <p>Each side holds {@code perSide} contacts. Half of them ({@code perSide / 2}) share their email with one
 * contact on the other side. Half of the shared pairs ({@code perSide / 4}) differ in two fields, last name
 * and job title. In one in ten of those both sides hold a non-empty, different value (a conflict the default
 * app decides); in the others one side's values are empty, so the merge fills them from the other side
 * (alternating which side is empty). Other fields of a shared pair are equal.
 *
 * @param a         side A's contacts, in the order they are loaded
 * @param b         side B's contacts, in the order they are loaded
 * @param shared    number of emails present on both sides
 * @param differing shared pairs that differ in last name and job title
 * @param conflicts of those, pairs where both sides hold different non-empty values
 * @param emptyInA  of those, pairs whose last name and job title are empty in A (filled from B)
 * @param emptyInB  of those, pairs whose last name and job title are empty in B (filled from A)
 */
record ContactData(List<Contact> a, List<Contact> b, int shared, int differing, int conflicts, int emptyInA,
                   int emptyInB) {

    /** One contact row; {@code null} values are stored as SQL NULL. */
    record Contact(String email, String firstName, String lastName, String jobTitle, String phone, String city,
                   Instant updatedAt) {
        Contact withNames(String newLastName, String newJobTitle) {
            return new Contact(email, firstName, newLastName, newJobTitle, phone, city, updatedAt);
        }
    }

    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "acme.test",
        "globex.test", "initech.test", "umbrella.test", "hooli.test"};
    /** Seeded rows were last changed in the year before this instant: long before any sync runs. */
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    static ContactData generate(int perSide, long seed) {
        Random random = new Random(seed);
        Faker faker = new Faker(new Random(seed));
        int shared = perSide / 2;
        int differing = shared / 2;
        List<Contact> a = new ArrayList<>(perSide);
        List<Contact> b = new ArrayList<>(perSide);
        int conflicts = 0;
        int emptyInA = 0;
        int emptyInB = 0;
        int serial = 0;
        for (int i = 0; i < shared; i++) {
            Contact c = contact(faker, random, serial++);
            if (i >= differing) {
                a.add(c);
                b.add(c);
            } else if (i % 10 == 0) {
                a.add(c);
                b.add(c.withNames(otherThan(faker, c.lastName(), true), otherThan(faker, c.jobTitle(), false)));
                conflicts++;
            } else if (i % 2 == 0) {
                a.add(c.withNames(null, null));
                b.add(c);
                emptyInA++;
            } else {
                a.add(c);
                b.add(c.withNames(null, null));
                emptyInB++;
            }
        }
        for (int i = 0; i < perSide - shared; i++) {
            a.add(contact(faker, random, serial++));
            b.add(contact(faker, random, serial++));
        }
        // Interleave shared and one-sided rows, as they would be in real tables.
        Collections.shuffle(a, new Random(seed + 1));
        Collections.shuffle(b, new Random(seed + 2));
        return new ContactData(a, b, shared, differing, conflicts, emptyInA, emptyInB);
    }

    private static Contact contact(Faker faker, Random random, int serial) {
        String first = faker.name().firstName();
        String last = faker.name().lastName();
        String email = (letters(first) + "." + letters(last) + "." + serial + "@"
                + DOMAINS[random.nextInt(DOMAINS.length)]);
        Instant updatedAt = EPOCH.minusMillis((long) (random.nextDouble() * 365L * 24 * 3600 * 1000));
        return new Contact(email, first, last, faker.job().title(), faker.phoneNumber().cellPhone(),
                faker.address().city(), updatedAt);
    }

    private static String otherThan(Faker faker, String value, boolean lastName) {
        for (int i = 0; i < 20; i++) {
            String v = lastName ? faker.name().lastName() : faker.job().title();
            if (!v.equals(value)) {
                return v;
            }
        }
        return value + " II";
    }

    private static String letters(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return s.isEmpty() ? "x" : s;
    }
}
