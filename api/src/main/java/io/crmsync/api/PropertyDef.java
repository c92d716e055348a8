package io.crmsync.api;

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
}
