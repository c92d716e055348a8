package io.crmsync.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The definition of one property of an object type, as a connector reports it in {@link ObjectSchema}.
 *
 * @param name      property name in the app (for a database, the name the config gives the column)
 * @param type      value type
 * @param options   options of an enumeration or multi-select; empty means "any value"
 * @param readOnly  the app refuses writes to it; a mapping into it can only be one-way out of this app
 * @param unique    the app enforces unique values (a clash is a {@link FailureCategory#DUPLICATE})
 * @param delimiter separator of a multi-select's native text form (HubSpot: {@code ;}); ignored for other types
 * @since 0.1
 */
public record PropertyDef(String name, PropertyType type, List<PropertyOption> options, boolean readOnly,
                          boolean unique, String delimiter) {
    public PropertyDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        options = options == null ? List.of() : List.copyOf(options);
        if (delimiter == null || delimiter.isEmpty()) {
            delimiter = ";";
        }
    }

    /**
     * An association property's name starts with this and goes on with the associated object type:
     * {@code @companies} holds the id, in the same app, of the record's associated company (DESIGN.md §2.6).
     */
    public static final String ASSOCIATION_PREFIX = "@";

    /** The association property to one record of {@code objectType} (a primary company): text holding its id. */
    public static PropertyDef association(String objectType) {
        return of(ASSOCIATION_PREFIX + objectType, PropertyType.STRING);
    }

    /**
     * The association property to any number of records of {@code objectType} (a deal's contacts, an activity's
     * companies): a multi-select of the associated records' ids, joined with {@code ;}, order not significant.
     */
    public static PropertyDef associations(String objectType) {
        return of(ASSOCIATION_PREFIX + objectType, PropertyType.MULTISELECT);
    }

    /** True for an association property that holds several ids ({@link #associations}), false otherwise. */
    public boolean manyAssociated() {
        return associatedType() != null && type == PropertyType.MULTISELECT;
    }

    /** The object type this association property points to, or {@code null} for an ordinary property. */
    public String associatedType() {
        return name.startsWith(ASSOCIATION_PREFIX) ? name.substring(ASSOCIATION_PREFIX.length()) : null;
    }

    /** A writable, non-unique property without options. */
    public static PropertyDef of(String name, PropertyType type) {
        return new PropertyDef(name, type, List.of(), false, false, ";");
    }

    public PropertyDef withOptions(List<PropertyOption> newOptions) {
        return new PropertyDef(name, type, newOptions, readOnly, unique, delimiter);
    }

    public PropertyDef withReadOnly(boolean value) {
        return new PropertyDef(name, type, options, value, unique, delimiter);
    }

    public PropertyDef withUnique(boolean value) {
        return new PropertyDef(name, type, options, readOnly, value, delimiter);
    }

    public PropertyDef withDelimiter(String value) {
        return new PropertyDef(name, type, options, readOnly, unique, value);
    }

    /**
     * Splits a multi-select's native text into its parts (trimmed, empty parts dropped). A delimiter that starts
     * and ends with the same punctuation mark, like Sugar's {@code ^,^}, also wraps the whole value
     * ({@code ^red^,^green^}).
     */
    public List<String> split(String raw) {
        List<String> parts = new ArrayList<>();
        if (raw == null) {
            return parts;
        }
        String body = raw.strip();
        String wrap = wrapper();
        if (wrap != null && body.length() >= 2 && body.startsWith(wrap) && body.endsWith(wrap)) {
            body = body.substring(1, body.length() - 1);
        }
        int from = 0;
        while (true) {
            int i = body.indexOf(delimiter, from);
            String part = (i < 0 ? body.substring(from) : body.substring(from, i)).strip();
            if (!part.isEmpty()) {
                parts.add(part);
            }
            if (i < 0) {
                return parts;
            }
            from = i + delimiter.length();
        }
    }

    /** Joins parts into a multi-select's native text, the inverse of {@link #split}; empty parts give {@code null}. */
    public String join(List<String> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        String wrap = wrapper();
        String joined = String.join(delimiter, parts);
        return wrap == null ? joined : wrap + joined + wrap;
    }

    private String wrapper() {
        String d = delimiter;
        if (d.length() >= 3 && d.charAt(0) == d.charAt(d.length() - 1) && !Character.isLetterOrDigit(d.charAt(0))) {
            return String.valueOf(d.charAt(0));
        }
        return null;
    }
}
