package io.crmsync.engine.value;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Canonical comparison and conversion of property values between two apps (DESIGN.md §2.1; cases C-12, C-13,
 * C-14). Values are the apps' native text; {@code null} and {@code ""} are both empty and canonicalise to
 * {@code null}. Immutable and thread-safe.
 */
public final class ValueCodec {
    /** Marks a value that does not parse in the compare type, so that it equals only the same raw text. */
    private static final String UNPARSED = "\u0000raw:";
    private static final String SET_SEPARATOR = "\u001F";
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final java.util.regex.Pattern NOT_PHONE_CHAR = java.util.regex.Pattern.compile("[^0-9+x]");

    private final ZoneId accountZone;
    private final String defaultRegion;
    private final References references;

    /**
     * @param accountZone   the account time zone used to turn a datetime into a date (never the host's zone)
     * @param defaultRegion ISO 3166 region for phones written without a country code, or {@code null}
     */
    public ValueCodec(ZoneId accountZone, String defaultRegion) {
        this(accountZone, defaultRegion, References.NONE);
    }

    private ValueCodec(ZoneId accountZone, String defaultRegion, References references) {
        this.accountZone = accountZone == null ? ZoneOffset.UTC : accountZone;
        this.defaultRegion = defaultRegion == null ? null : defaultRegion.toUpperCase(Locale.ROOT);
        this.references = references;
    }

    /** This codec with the links of associated records of a run. */
    public ValueCodec withReferences(References value) {
        return new ValueCodec(accountZone, defaultRegion, value);
    }

    /** The links association values are compared and translated with; {@link References#NONE} by default. */
    public References references() {
        return references;
    }

    /** A codec in UTC without a phone region. */
    public static ValueCodec utc() {
        return new ValueCodec(ZoneOffset.UTC, null);
    }

    /**
     * The type two mapped properties are compared in: the more specific of the two (text against a number
     * compares as numbers; a date against a datetime compares as dates).
     */
    public static PropertyType compareType(PropertyType a, PropertyType b) {
        if (a == b) {
            return a;
        }
        if (a == PropertyType.STRING) {
            return b;
        }
        if (b == PropertyType.STRING) {
            return a;
        }
        if (a == PropertyType.DATE || b == PropertyType.DATE) {
            return PropertyType.DATE;
        }
        if (a == PropertyType.BOOL || b == PropertyType.BOOL) {
            return PropertyType.BOOL;
        }
        if (a == PropertyType.MULTISELECT || b == PropertyType.MULTISELECT) {
            return PropertyType.MULTISELECT;
        }
        return PropertyType.STRING;
    }

    /**
     * The canonical form of a value, for equality tests and for the stored base.
     *
     * @param raw         native text of the value, may be {@code null}
     * @param def         the property the value belongs to
     * @param compareType see {@link #compareType}
     * @param key         normalisation for identifier properties (email, domain, ...), or {@code null}
     */
    public String canonical(String raw, PropertyDef def, PropertyType compareType, KeyKind key) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (key != null) {
            return Keys.key(key, raw);
        }
        return switch (compareType) {
            case STRING -> def.type() == PropertyType.STRING ? raw : display(raw, def);
            case NUMBER -> {
                BigDecimal n = Numbers.parse(raw);
                yield n == null ? UNPARSED + raw : Numbers.format(n);
            }
            case BOOL -> {
                Boolean b = parseBool(label(raw, def));
                yield b == null ? UNPARSED + raw : b.toString();
            }
            case DATE -> {
                LocalDate d = Temporals.date(raw, accountZone);
                yield d == null ? UNPARSED + raw : d.toString();
            }
            case DATETIME -> {
                Instant i = Temporals.instant(raw, accountZone);
                yield i == null ? UNPARSED + raw : Temporals.format(i);
            }
            case ENUMERATION -> Keys.text(label(raw, def));
            case MULTISELECT -> {
                TreeSet<String> set = new TreeSet<>();
                for (String part : split(raw, def)) {
                    set.add(Keys.text(label(part, def)));
                }
                yield set.isEmpty() ? null : String.join(SET_SEPARATOR, set);
            }
            case PHONE -> phone(raw);
        };
    }

    /**
     * Converts a value of one app's property into the other app's native text.
     *
     * @param key for identifier properties, the value is written trimmed (email and domain, DESIGN.md §2.1)
     * @return the native text to write, or {@code null} to clear
     * @throws ConversionException {@code INVALID_VALUE} when it cannot convert, {@code INVALID_OPTION} when the
     *                             target has no such option
     */
    public String convert(String raw, PropertyDef from, PropertyDef to, KeyKind key) throws ConversionException {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (key == KeyKind.EMAIL || key == KeyKind.DOMAIN) {
            raw = Keys.trim(raw);
            if (raw == null) {
                return null;
            }
        }
        return switch (to.type()) {
            case STRING -> from.type() == PropertyType.STRING ? raw : display(raw, from);
            case PHONE -> Keys.trim(display(raw, from));
            case NUMBER -> {
                BigDecimal n = Numbers.parse(display(raw, from));
                if (n == null) {
                    throw invalid(raw, to, "a number");
                }
                yield Numbers.format(n);
            }
            case BOOL -> {
                Boolean b = parseBool(label(raw, from));
                if (b == null) {
                    throw invalid(raw, to, "true or false");
                }
                yield b.toString();
            }
            case DATE -> {
                LocalDate d = Temporals.date(raw, accountZone);
                if (d == null) {
                    throw invalid(raw, to, "a date");
                }
                yield d.toString();
            }
            case DATETIME -> {
                Instant i = from.type() == PropertyType.DATE ? midnightUtc(raw) : Temporals.instant(raw, accountZone);
                if (i == null) {
                    throw invalid(raw, to, "a date and time");
                }
                yield Temporals.format(i);
            }
            case ENUMERATION -> option(label(raw, from), to, from);
            case MULTISELECT -> {
                List<String> parts = from.type() == PropertyType.MULTISELECT ? split(raw, from) : split(raw, to);
                List<String> values = new ArrayList<>();
                for (String part : parts) {
                    values.add(option(label(part, from), to, from));
                }
                yield join(values, to);
            }
        };
    }

    private Instant midnightUtc(String raw) {
        LocalDate d = Temporals.date(raw, accountZone);
        return d == null ? null : d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static ConversionException invalid(String raw, PropertyDef to, String expected) {
        return new ConversionException(FailureCategory.INVALID_VALUE,
                "property " + to.name() + ": cannot convert \"" + raw + "\" to " + expected);
    }

    /**
     * The target option's value whose label (or value) equals the given label, case and spaces ignored. The
     * failure says when the source property's own options lack the value too (an owner id with no row in the
     * users table), as then the source record is what needs fixing.
     */
    private static String option(String label, PropertyDef to, PropertyDef from) throws ConversionException {
        String wanted = Keys.text(label);
        if (to.options().isEmpty()) {
            return Keys.trim(label);
        }
        for (PropertyOption o : to.options()) {
            if (wanted != null && (wanted.equals(Keys.text(o.label())) || wanted.equals(Keys.text(o.value())))) {
                return o.value();
            }
        }
        Boolean b = parseBool(label);
        if (b != null) {
            for (PropertyOption o : to.options()) {
                if (b.equals(parseBool(o.label())) || b.equals(parseBool(o.value()))) {
                    return o.value();
                }
            }
        }
        boolean notInSource = !from.options().isEmpty() && from.options().stream().noneMatch(o ->
                Objects.equals(wanted, Keys.text(o.label())) || Objects.equals(wanted, Keys.text(o.value())));
        throw new ConversionException(FailureCategory.INVALID_OPTION,
                "property " + to.name() + ": no option \"" + Keys.trim(label) + "\"" + (notInSource
                ? " (nor is it one of " + from.name() + "'s own options)" : ""));
    }

    /** The label of an option value (or the value itself when the property has no such option). */
    private static String label(String raw, PropertyDef def) {
        if (def.options().isEmpty()) {
            return raw;
        }
        for (PropertyOption o : def.options()) {
            if (o.value().equals(raw)) {
                return o.label();
            }
        }
        String wanted = Keys.text(raw);
        for (PropertyOption o : def.options()) {
            if (Keys.text(o.value()).equals(wanted) || Keys.text(o.label()).equals(wanted)) {
                return o.label();
            }
        }
        return raw;
    }

    /** A value as people read it: enumeration labels, multi-select labels joined with "; ". */
    private static String display(String raw, PropertyDef def) {
        return switch (def.type()) {
            case ENUMERATION -> label(raw, def);
            case MULTISELECT -> String.join(";", split(raw, def).stream().map(p -> label(p, def)).toList());
            default -> raw;
        };
    }

    static List<String> split(String raw, PropertyDef def) {
        return def.split(raw);
    }

    private static String join(List<String> values, PropertyDef def) throws ConversionException {
        for (String v : values) {
            if (v.contains(def.delimiter())) {
                throw new ConversionException(FailureCategory.INVALID_VALUE,
                        "property " + def.name() + ": option \"" + v + "\" contains the delimiter \"" + def.delimiter() + "\"");
            }
        }
        return def.join(values);
    }

    static Boolean parseBool(String raw) {
        String t = Keys.text(raw);
        if (t == null) {
            return null;
        }
        return switch (t) {
            case "true", "yes", "y", "1", "on", "t" -> Boolean.TRUE;
            case "false", "no", "n", "0", "off", "f" -> Boolean.FALSE;
            default -> null;
        };
    }

    private String phone(String raw) {
        String t = Keys.trim(raw);
        if (t == null) {
            return null;
        }
        try {
            if (defaultRegion != null || t.startsWith("+")) {
                Phonenumber.PhoneNumber n = PHONES.parse(t, defaultRegion == null ? "ZZ" : defaultRegion);
                return PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164)
                        + (n.hasExtension() ? "x" + n.getExtension() : "");
            }
        } catch (NumberParseException e) {
            // Not a phone number libphonenumber understands: compare its digits as written.
        }
        return NOT_PHONE_CHAR.matcher(t).replaceAll("");
    }
}
