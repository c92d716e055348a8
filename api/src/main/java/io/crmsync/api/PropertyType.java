package io.crmsync.api;

/**
 * The type of a property, which decides how its values are compared (DESIGN.md §2.1) and converted.
 *
 * <p>Values travel through the SPI as strings in the app's native text form; the engine parses them by type.
 *
 * @since 0.1
 */
public enum PropertyType {
    /** Free text, compared exactly ({@code null} and {@code ""} are both empty). */
    STRING,
    /** A decimal number; {@code "12"} and {@code "12.0"} are equal. */
    NUMBER,
    /** {@code true}/{@code false}; also accepts {@code yes/no}, {@code 1/0}. */
    BOOL,
    /** A calendar date ({@code yyyy-MM-dd}, or epoch milliseconds at UTC midnight); never shifted by a time zone. */
    DATE,
    /** An instant, compared to the millisecond (ISO-8601 or epoch milliseconds). */
    DATETIME,
    /** One option of a fixed list, compared by option (through labels when apps' internal values differ). */
    ENUMERATION,
    /** A set of options, written with the property's delimiter; order does not matter. */
    MULTISELECT,
    /** A phone number, compared in E.164 when a default region is configured. */
    PHONE
}
