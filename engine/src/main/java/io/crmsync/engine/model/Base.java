package io.crmsync.engine.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The canonical mapped values at the last successful sync, one map per side, keyed by field mapping id.
 * A key that is absent means "never synced" (the field merges as on a first sync); a key mapped to
 * {@code null} means "synced as empty", so that a deliberate clear can be told from "never set" (case C-11).
 * Keeping one base per side lets an app that normalises what it stores settle after one write (case C-09).
 *
 * <p>A base read from the state store is parsed on first use: most records a run reads are crmsync's own
 * writes coming back, recognised by their {@link #digest digest} without parsing. Immutable; thread-safe.
 */
public final class Base {
    public static final Base EMPTY = new Base(Map.of(), Map.of());

    private volatile Map<String, String> a;
    private volatile Map<String, String> b;
    private final String storedA;
    private final String storedB;
    private final Function<String, Map<String, String>> parser;
    private final String digestA;
    private final String digestB;

    public Base(Map<String, String> a, Map<String, String> b) {
        this.a = Collections.unmodifiableMap(new HashMap<>(a));
        this.b = Collections.unmodifiableMap(new HashMap<>(b));
        this.storedA = null;
        this.storedB = null;
        this.parser = null;
        this.digestA = null;
        this.digestB = null;
    }

    private Base(String storedA, String storedB, Function<String, Map<String, String>> parser, String digestA,
                 String digestB) {
        this.storedA = storedA;
        this.storedB = storedB;
        this.parser = parser;
        this.digestA = digestA;
        this.digestB = digestB;
    }

    /**
     * A base as stored: each side's serialised map, parsed on first use, and each side's stored digest.
     *
     * @param digestA {@link #digestOf} of side A when it was stored, or {@code null}
     */
    public static Base stored(String storedA, String storedB, Function<String, Map<String, String>> parser,
                              String digestA, String digestB) {
        return new Base(storedA, storedB, parser, digestA, digestB);
    }

    /**
     * A base known only by its digests, for a quick echo check; its values must be loaded before use
     * ({@link #isLoaded()}).
     */
    public static Base digestOnly(String digestA, String digestB) {
        return new Base(null, null, null, digestA, digestB);
    }

    /** {@code false} for a {@link #digestOnly} base, whose values are not at hand. */
    public boolean isLoaded() {
        return a != null || parser != null;
    }

    public Map<String, String> a() {
        Map<String, String> m = a;
        if (m == null) {
            requireLoaded();
            m = Collections.unmodifiableMap(new HashMap<>(parser.apply(storedA)));
            a = m;
        }
        return m;
    }

    public Map<String, String> b() {
        Map<String, String> m = b;
        if (m == null) {
            requireLoaded();
            m = Collections.unmodifiableMap(new HashMap<>(parser.apply(storedB)));
            b = m;
        }
        return m;
    }

    private void requireLoaded() {
        if (parser == null) {
            throw new IllegalStateException("base values not loaded (digest-only base)");
        }
    }

    public Map<String, String> side(Side side) {
        return side == Side.A ? a() : b();
    }

    /** The digest of one side's values: stored with it, or computed; {@code null} when neither is possible. */
    public String digest(Side side) {
        String stored = side == Side.A ? digestA : digestB;
        return stored != null || !isLoaded() ? stored : digestOf(side(side));
    }

    /**
     * A collision-resistant fingerprint of a map of canonical values (SHA-256 of the sorted entries, 128 bits
     * in hex): two maps have the same digest only when they are equal, so a record whose canonical values have
     * its base's digest is unchanged.
     */
    public static String digestOf(Map<String, String> values) {
        TreeMap<String, String> sorted = new TreeMap<>(values);
        return digestOfSorted(sorted.keySet().toArray(new String[0]), sorted.values().toArray(new String[0]));
    }

    /** {@link #digestOf} of the entries {@code keys[i] → values[i]}, keys in ascending order. */
    public static String digestOfSorted(String[] keys, String[] values) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        for (int i = 0; i < keys.length; i++) {
            sha.update(keys[i].getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            if (values[i] == null) {
                sha.update((byte) 1);
            } else {
                sha.update((byte) 2);
                sha.update(values[i].getBytes(StandardCharsets.UTF_8));
            }
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    @Override
    public boolean equals(Object o) {
        return o instanceof Base other && a().equals(other.a()) && b().equals(other.b());
    }

    @Override
    public int hashCode() {
        return Objects.hash(a(), b());
    }

    @Override
    public String toString() {
        return "Base[a=" + a() + ", b=" + b() + "]";
    }
}
