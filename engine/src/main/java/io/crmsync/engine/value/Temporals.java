package io.crmsync.engine.value;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Parses dates and datetimes in the forms apps use: ISO-8601 dates, datetimes with or without offset, and epoch
 * milliseconds (HubSpot). A date never shifts by a time zone (case C-14).
 */
final class Temporals {
    private static final java.time.format.DateTimeFormatter MILLIS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Temporals() {
    }

    /** ISO-8601 UTC with exactly three fraction digits, so that canonical datetimes sort as text. */
    static String format(Instant instant) {
        return MILLIS.format(instant);
    }

    /**
     * The calendar date of a value. A date stays that date; epoch milliseconds at UTC midnight are that UTC date
     * (HubSpot's date encoding); any other instant is turned into a date in the account zone.
     */
    static LocalDate date(String raw, ZoneId zone) {
        String t = Keys.trim(raw);
        if (t == null) {
            return null;
        }
        try {
            if (t.length() == 10 && t.charAt(4) == '-') {
                return LocalDate.parse(t);
            }
            Instant i = instant(t, zone);
            if (i == null) {
                return null;
            }
            if (i.equals(i.truncatedTo(ChronoUnit.DAYS))) {
                return LocalDate.ofInstant(i, ZoneOffset.UTC);
            }
            return LocalDate.ofInstant(i, zone);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The instant of a value, to the millisecond; a local datetime is read in the account zone. */
    static Instant instant(String raw, ZoneId zone) {
        String t = Keys.trim(raw);
        if (t == null) {
            return null;
        }
        try {
            if (t.matches("-?\\d{9,}")) {
                return Instant.ofEpochMilli(Long.parseLong(t));
            }
            if (t.length() == 10 && t.charAt(4) == '-') {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            String iso = t.replace(' ', 'T');
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(iso.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant()
                        .truncatedTo(ChronoUnit.MILLIS);
            }
            return LocalDateTime.parse(iso).atZone(zone).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
