package io.crmsync.connector.jdbc;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.connector.jdbc.ColumnInfo.Kind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Converts between the SPI's native text values and JDBC values, by property type and column storage kind.
 *
 * <p>Text forms: numbers as plain decimals without trailing zeros ({@code "12"}, {@code "12.5"}), booleans
 * {@code true}/{@code false}, dates {@code yyyy-MM-dd}, datetimes as UTC instants with milliseconds
 * ({@code 2024-01-02T03:04:05.678Z}), other types as stored. {@code TIMESTAMP} columns without a time zone
 * hold UTC. In SQLite, dates and datetimes are ISO text unless the column has INTEGER affinity (epoch ms).
 *
 * <p>Stateless apart from the dialect; thread-safe.
 */
final class ValueCodec {
    private static final DateTimeFormatter INSTANT_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern EPOCH_MS = Pattern.compile("-?\\d{1,15}");

    private final Dialect dialect;

    ValueCodec(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A value that cannot be written, with the category and a message naming the property. */
    static final class BadValue extends Exception {
        final FailureCategory category;

        BadValue(FailureCategory category, String message) {
            super(message, null, false, false);
            this.category = category;
        }
    }

    /** Text sent as an untyped literal so that PostgreSQL casts it to the column's type (enum, uuid, ...). */
    record Untyped(String value) {
    }

    // ---------------------------------------------------------------- writing

    /**
     * The JDBC value to bind for a property's text value.
     *
     * @param text native text; {@code null} clears the column, as does {@code ""} except in text columns
     * @return a String, Long, BigDecimal, Boolean, java.time value, {@link Untyped}, or {@code null}
     * @throws BadValue {@code INVALID_VALUE} or {@code INVALID_OPTION}, naming the property
     */
    Object toJdbc(PropertyDef def, ColumnInfo column, String text) throws BadValue {
        if (text == null || (text.isEmpty() && column.kind() != Kind.TEXT)) {
            return null;
        }
        String name = def.name();
        switch (def.type()) {
            case NUMBER -> {
                BigDecimal number = parseNumber(text);
                if (number == null) {
                    throw invalid(name, text, "is not a number");
                }
                return switch (column.kind()) {
                    case INTEGER -> {
                        try {
                            yield number.longValueExact();
                        } catch (ArithmeticException e) {
                            throw invalid(name, text, "is not a whole number in range for column "
                                    + column.name());
                        }
                    }
                    case DECIMAL -> number;
                    default -> textFor(column, number.toPlainString());
                };
            }
            case BOOL -> {
                Boolean b = parseBool(text);
                if (b == null) {
                    throw invalid(name, text, "is not true or false");
                }
                return switch (column.kind()) {
                    case BOOLEAN -> b;
                    case INTEGER, DECIMAL -> b ? 1L : 0L;
                    default -> textFor(column, b.toString());
                };
            }
            case DATE -> {
                LocalDate date = parseDate(text.trim());
                if (date == null) {
                    throw invalid(name, text, "is not a date (yyyy-MM-dd)");
                }
                return temporal(column, date.atStartOfDay(ZoneOffset.UTC).toInstant(), date, true);
            }
            case DATETIME -> {
                Instant instant = parseInstant(text.trim());
                if (instant == null) {
                    throw invalid(name, text, "is not a date-time (ISO-8601, e.g. 2024-01-02T03:04:05Z)");
                }
                instant = instant.truncatedTo(ChronoUnit.MILLIS);
                return temporal(column, instant, instant.atOffset(ZoneOffset.UTC).toLocalDate(), false);
            }
            case ENUMERATION -> {
                if (!def.options().isEmpty() && !hasOption(def, text)) {
                    throw invalidOption(name, text);
                }
                return textFor(column, text);
            }
            case MULTISELECT -> {
                if (!def.options().isEmpty()) {
                    for (String part : def.split(text)) {
                        if (!part.isBlank() && !hasOption(def, part.trim())) {
                            throw invalidOption(name, part.trim());
                        }
                    }
                }
                return textFor(column, text);
            }
            default -> {
                return textFor(column, text);
            }
        }
    }

    /** The JDBC value for the time the connector stamps into the updated-at column. */
    Object timeToJdbc(ColumnInfo column, Instant now) {
        return temporal(column, now, now.atOffset(ZoneOffset.UTC).toLocalDate(), false);
    }

    /** A date or datetime in the column's storage kind; in text, a date stays {@code yyyy-MM-dd}. */
    private Object temporal(ColumnInfo column, Instant instant, LocalDate date, boolean dateOnly) {
        String text = dateOnly ? date.toString() : formatInstant(instant);
        return switch (column.kind()) {
            case DATE -> date;
            case TIMESTAMP -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            case TIMESTAMP_TZ -> instant.atOffset(ZoneOffset.UTC);
            case INTEGER -> instant.toEpochMilli();
            case DECIMAL -> dialect == Dialect.SQLITE ? text : BigDecimal.valueOf(instant.toEpochMilli());
            default -> textFor(column, text);
        };
    }

    private Object textFor(ColumnInfo column, String text) {
        if (column.kind() == Kind.TEXT || dialect != Dialect.POSTGRESQL) {
            return text;
        }
        return new Untyped(text);
    }

    /** Binds a value made by this codec; {@code null} becomes a NULL typed like the column. */
    static void bind(PreparedStatement ps, int index, ColumnInfo column, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, column.jdbcType());
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof Untyped u) {
            ps.setObject(index, u.value(), Types.OTHER);
        } else {
            ps.setObject(index, value);
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads a column value as the property's native text, or {@code null} for SQL NULL. */
    String read(PropertyDef def, ColumnInfo column, ResultSet rs, int index) throws SQLException {
        Object value = switch (column.kind()) {
            case TEXT -> rs.getString(index);
            // java.time getters avoid any conversion through the JVM's time zone.
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case TIMESTAMP_TZ -> rs.getObject(index, OffsetDateTime.class);
            default -> rs.getObject(index);
        };
        if (value == null) {
            return null;
        }
        return switch (def.type()) {
            case NUMBER -> numberText(value);
            case BOOL -> {
                Boolean b = value instanceof Boolean bool ? bool
                        : value instanceof Number n ? new BigDecimal(n.toString()).signum() != 0
                        : parseBool(value.toString());
                yield b == null ? value.toString() : b.toString();
            }
            case DATE -> {
                Instant instant = instantOf(value);
                yield value instanceof LocalDate d ? d.toString()
                        : instant == null ? value.toString() : instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
            }
            case DATETIME -> {
                Instant instant = instantOf(value);
                yield instant == null ? value.toString() : formatInstant(instant);
            }
            default -> value instanceof Number ? numberText(value) : value.toString();
        };
    }

    /** Reads an id as text: integers as plain digits, anything else by its string form. */
    static String readId(ResultSet rs, int index) throws SQLException {
        Object value = rs.getObject(index);
        if (value == null) {
            return null;
        }
        return value instanceof Number ? numberText(value) : value.toString();
    }

    /**
     * An id's JDBC value for lookups, or {@code null} when the text cannot be an id of that column (so no row
     * can have it).
     */
    Object idToJdbc(ColumnInfo id, String text) {
        try {
            return switch (id.kind()) {
                case INTEGER -> Long.parseLong(text);
                case DECIMAL -> new BigDecimal(text);
                case TEXT -> text;
                default -> {
                    if ("uuid".equalsIgnoreCase(id.typeName())) {
                        UUID.fromString(text);
                    }
                    yield textFor(id, text);
                }
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- parsing and formatting

    /** {@code 2024-01-02T03:04:05.678Z}: always UTC, always milliseconds. */
    static String formatInstant(Instant instant) {
        return INSTANT_MILLIS.format(instant);
    }

    /** A number in its canonical text form; integers stay plain ({@code "120"}, never {@code "1.2E+2"}). */
    static String numberText(Object value) {
        BigDecimal number;
        if (value instanceof BigDecimal d) {
            number = d;
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return value.toString();
            }
            number = BigDecimal.valueOf(d);
        } else if (value instanceof BigInteger i) {
            number = new BigDecimal(i);
        } else if (value instanceof Number n) {
            number = BigDecimal.valueOf(n.longValue());
        } else {
            number = parseNumber(value.toString());
            if (number == null) {
                return value.toString();
            }
        }
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    static BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean parseBool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** {@code yyyy-MM-dd}, or epoch milliseconds (taken as a UTC date); {@code null} otherwise. */
    static LocalDate parseDate(String text) {
        try {
            if (EPOCH_MS.matcher(text).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(text)).atOffset(ZoneOffset.UTC).toLocalDate();
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * An instant from ISO-8601 with an offset, a local date-time taken as UTC ({@code T} or a space between
     * date and time, as SQLite's CURRENT_TIMESTAMP writes), a date (UTC midnight) or epoch milliseconds;
     * {@code null} otherwise.
     */
    static Instant parseInstant(String text) {
        if (EPOCH_MS.matcher(text).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant instantOf(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        return parseInstant(value.toString().trim());
    }

    private static boolean hasOption(PropertyDef def, String value) {
        for (PropertyOption option : def.options()) {
            if (option.value().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static BadValue invalid(String property, String text, String why) {
        return new BadValue(FailureCategory.INVALID_VALUE, "property \"" + property + "\": \"" + text + "\" " + why);
    }

    private static BadValue invalidOption(String property, String value) {
        return new BadValue(FailureCategory.INVALID_OPTION,
                "property \"" + property + "\": \"" + value + "\" is not one of its options");
    }
}
