package io.crmsync.engine.value;

import java.net.IDN;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalised matching keys (DESIGN.md §2.3; field cases C-02, C-03, C-04). Pure functions, thread-safe.
 * Every method returns {@code null} for an empty value, which never matches anything.
 */
public final class Keys {
    private static final Pattern EDGE_SPACE = Pattern.compile("^[\\p{Z}\\s\\u200B\\uFEFF]+|[\\p{Z}\\s\\u200B\\uFEFF]+$");
    private static final Pattern ALL_SPACE = Pattern.compile("[\\p{Z}\\s]+");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]+");
    /** Legal-form words that do not tell companies apart; "Acme Inc." and "ACME, LLC" are the same key. */
    private static final Set<String> LEGAL_SUFFIXES = Set.of(
            "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh", "ag",
            "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "plc", "lp", "llp", "pty", "oy", "ab", "as", "kg");

    private Keys() {
    }

    /** Strips leading and trailing Unicode whitespace, including U+00A0, U+2007 and U+202F (C-03). */
    public static String trim(String value) {
        if (value == null) {
            return null;
        }
        if (!value.isEmpty() && !isEdgeSpace(value.charAt(0)) && !isEdgeSpace(value.charAt(value.length() - 1))) {
            return value; // nothing to strip: the common case, without the regex (called for every value compared)
        }
        String t = EDGE_SPACE.matcher(value).replaceAll("");
        return t.isEmpty() ? null : t;
    }

    /** Whether {@code EDGE_SPACE}'s class {@code [\p{Z}\s\u200B\uFEFF]} holds the character. */
    private static boolean isEdgeSpace(char c) {
        if (c == ' ' || (c >= '\t' && c <= '\r') || c == '\u200B' || c == '\uFEFF') {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    public static String key(KeyKind kind, String value) {
        return switch (kind) {
            case EMAIL -> email(value);
            case DOMAIN -> domain(value);
            case COMPANY_NAME -> companyName(value);
            case TEXT -> text(value);
        };
    }

    /** {@code " Jo@X.COM\u00A0"} → {@code jo@x.com}. */
    public static String email(String value) {
        String t = trim(value);
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }

    /** {@code "https://www.Northwind.example:443/about"} → {@code northwind.example}; exact host, never a substring. */
    public static String domain(String value) {
        String t = trim(value);
        if (t == null) {
            return null;
        }
        String host = t.toLowerCase(Locale.ROOT);
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int at = host.indexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = host.indexOf(stop);
            if (i >= 0) {
                host = host.substring(0, i);
            }
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        if (host.isBlank()) {
            return null;
        }
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            // Not a valid IDN: compare the lower-cased text as it is, which still only matches the same spelling.
        }
        return host;
    }

    /** {@code "ACME, Inc."} → {@code acme}. */
    public static String companyName(String value) {
        String t = trim(value);
        if (t == null) {
            return null;
        }
        String folded = PUNCTUATION.matcher(t.toLowerCase(Locale.ROOT)).replaceAll(" ");
        String[] words = ALL_SPACE.split(folded.trim());
        StringBuilder out = new StringBuilder();
        int end = words.length;
        // Only trailing legal forms are dropped, so "Co Op Bank" keeps its words.
        while (end > 1 && LEGAL_SUFFIXES.contains(words[end - 1])) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (!words[i].isEmpty()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(words[i]);
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** Trimmed, whitespace collapsed, case-folded. */
    public static String text(String value) {
        String t = trim(value);
        return t == null ? null : ALL_SPACE.matcher(t).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
