package io.crmsync.sandbox;

import java.util.List;

/**
 * One property definition as the properties API returns it (hubspot.md §B.6). {@code type} is one of string,
 * number, date, datetime, enumeration, bool, phone_number; {@code fieldType} one of text, textarea, number,
 * date, select, radio, checkbox, booleancheckbox, phonenumber, calculation_equation. {@code readOnlyValue}
 * properties are maintained by the sandbox and rejected on writes; {@code hasUniqueValue} properties are
 * enforced unique and usable as {@code idProperty}. {@code referencedObjectType} is {@code OWNER} for owner
 * properties ({@code hubspot_owner_id}), whose options are external (the owners API) and whose values must be the
 * id of an active owner; null for all others.
 */
public record PropertyDef(String name, String label, String type, String fieldType, String groupName,
                          List<Option> options, boolean readOnlyValue, boolean hasUniqueValue, boolean calculated,
                          int displayOrder, String referencedObjectType) {
    /** {@code referencedObjectType} of owner properties (hubspot.md §B.6). */
    public static final String OWNER = "OWNER";

    /** A definition that references no other object type. */
    public PropertyDef(String name, String label, String type, String fieldType, String groupName,
                       List<Option> options, boolean readOnlyValue, boolean hasUniqueValue, boolean calculated,
                       int displayOrder) {
        this(name, label, type, fieldType, groupName, options, readOnlyValue, hasUniqueValue, calculated,
                displayOrder, null);
    }

    /** True for an owner property: its value is an owner id. */
    public boolean isOwner() {
        return OWNER.equals(referencedObjectType);
    }

    /** An enumeration option; {@code value} is what records store and writes must send. */
    public record Option(String label, String value, int displayOrder) {
    }

    public boolean isEnumeration() {
        return "enumeration".equals(type);
    }
}
