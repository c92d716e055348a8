package io.crmsync.sandbox;

import java.util.List;

/**
 * One property definition as the properties API returns it (hubspot.md §B.6). {@code type} is one of string,
 * number, date, datetime, enumeration, bool, phone_number; {@code fieldType} one of text, textarea, number,
 * date, select, radio, checkbox, booleancheckbox, phonenumber, calculation_equation. {@code readOnlyValue}
 * properties are maintained by the sandbox and rejected on writes; {@code hasUniqueValue} properties are
 * enforced unique and usable as {@code idProperty}.
 */
public record PropertyDef(String name, String label, String type, String fieldType, String groupName,
                          List<Option> options, boolean readOnlyValue, boolean hasUniqueValue, boolean calculated,
                          int displayOrder) {

    /** An enumeration option; {@code value} is what records store and writes must send. */
    public record Option(String label, String value, int displayOrder) {
    }

    public boolean isEnumeration() {
        return "enumeration".equals(type);
    }
}
