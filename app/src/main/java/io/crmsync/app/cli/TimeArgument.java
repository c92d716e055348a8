package io.crmsync.app.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --since} and {@code --until}: a time ago ({@code 30m}, {@code 24h}, {@code 7d}), a date
 * ({@code 2026-01-01}, midnight UTC), or a date and time ({@code 2026-01-01T10:00}, UTC unless it has an
 * offset such as {@code Z} or {@code +02:00}). Dates are UTC rather than the host's zone so that the same
 * command gives the same rows on every machine, as the state store keeps UTC instants.
 */
final class TimeArgument implements ITypeConverter<Instant> {
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})\\s*([mhdw])");

    private final Clock clock;

    TimeArgument() {
        this(Clock.systemUTC());
    }

    TimeArgument(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        Matcher ago = AGO.matcher(v);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(d);
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d{2}:\\d{2}$")) {
                return OffsetDateTime.parse(v).toInstant();
            }
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("\"" + value + "\" is not a time: use 30m, 24h, 7d, 2w, 2026-01-01"
                    + " or 2026-01-01T10:00 (UTC)");
        }
    }
}
