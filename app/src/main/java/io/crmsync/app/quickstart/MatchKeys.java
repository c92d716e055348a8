package io.crmsync.app.quickstart;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalised identifier keys, as DESIGN §2.3 defines them. The quickstart uses them only to predict what the
 * engine's first sync will do. It keeps its own copy so that its expectations are an independent check of
 * the engine, not the engine agreeing with itself.
 */
final class MatchKeys {

    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*://");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]");
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");
    /** Legal forms that are unified by dropping them, so "Acme Corp." and "ACME corp" share a key. */
    private static final Set<String> LEGAL_SUFFIXES = Set.of(
            "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "llp", "lp", "ltd", "limited",
            "plc", "gmbh", "ag", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "oy", "pty", "pte");

    private MatchKeys() {
    }

    /** Email key: all Unicode whitespace trimmed (a no-break space too), lower-cased. Empty if none. */
    static String email(String value) {
        return stripUnicodeSpace(value).toLowerCase(Locale.ROOT);
    }

    /**
     * Domain key: lower-case host without scheme, user info, {@code www.}, port, path or trailing dot, IDNs in
     * punycode. {@code https://www.Example.com:443/about} and {@code example.com} share the key.
     */
    static String domain(String value) {
        String s = stripUnicodeSpace(value).toLowerCase(Locale.ROOT);
        s = SCHEME.matcher(s).replaceFirst("");
        if (s.startsWith("//")) {
            s = s.substring(2);
        }
        int end = indexOfAny(s, "/?#");
        if (end >= 0) {
            s = s.substring(0, end);
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.startsWith("www.")) {
            s = s.substring(4);
        }
        try {
            return IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException notAHost) {
            // Not a valid IDN: compare the text as it is rather than drop a key the user typed.
            return s;
        }
    }

    /**
     * Company name key: case-folded, punctuation removed, whitespace collapsed, trailing legal forms dropped
     * (a name made only of a legal form keeps it, so "Company" still has a key).
     */
    static String name(String value) {
        String s = Normalizer.normalize(stripUnicodeSpace(value), Normalizer.Form.NFKC);
        s = s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        s = PUNCTUATION.matcher(s).replaceAll("");
        s = SPACES.matcher(s).replaceAll(" ").strip();
        String[] words = s.split(" ");
        int n = words.length;
        while (n > 1 && LEGAL_SUFFIXES.contains(words[n - 1])) {
            n--;
        }
        return String.join(" ", Arrays.copyOf(words, n));
    }

    /**
     * Key of a plain-text identifier such as a SKU or a product name: Unicode spaces trimmed and runs of them
     * collapsed to one space, lower-cased. Empty if none.
     */
    static String text(String value) {
        return SPACES.matcher(stripUnicodeSpace(value)).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** True for null, empty or whitespace-only text: DESIGN §2.1 treats null and "" as the same "empty". */
    static boolean isEmpty(String value) {
        return stripUnicodeSpace(value).isEmpty();
    }

    /** Trims every Unicode space, which {@link String#strip()} does not do for U+00A0 and U+202F. */
    static String stripUnicodeSpace(String value) {
        if (value == null) {
            return "";
        }
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
