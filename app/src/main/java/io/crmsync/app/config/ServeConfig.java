package io.crmsync.app.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code serve:} settings of a config (README "Continuous sync"): where {@code crmsync serve} listens, how
 * often it polls and how often it reconciles. Command-line options override them.
 *
 * @param port              TCP port of the HTTP server ({@code /health}, webhooks), 0 for any free port; 1..65535
 *                          else
 * @param pollInterval      time between two polling runs of each object sync; {@link Duration#ZERO} turns polling
 *                          off (pushes alone then trigger runs)
 * @param reconcileInterval time between two reconciling runs of each object sync (a feed run that also reads every
 *                          linked record back by id, to find deletes no change feed reports, DESIGN.md §2.5);
 *                          {@link Duration#ZERO} turns reconciliation off
 */
public record ServeConfig(int port, Duration pollInterval, Duration reconcileInterval) {
    /** The default port, {@value}. */
    public static final int DEFAULT_PORT = 8088;
    /** Reconciling every hour unless configured. */
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofHours(1);
    /** Polling every 60 seconds and reconciling every hour unless configured. */
    public static final ServeConfig DEFAULT = new ServeConfig(DEFAULT_PORT, Duration.ofSeconds(60),
            DEFAULT_RECONCILE_INTERVAL);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    public ServeConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must not be negative, got " + pollInterval);
        }
        if (reconcileInterval.isNegative()) {
            throw new IllegalArgumentException("reconcileInterval must not be negative, got " + reconcileInterval);
        }
    }

    /** Settings with the default reconcile interval. */
    public ServeConfig(int port, Duration pollInterval) {
        this(port, pollInterval, DEFAULT_RECONCILE_INTERVAL);
    }

    /**
     * Parses a poll or reconcile interval: a whole number with a unit {@code ms}, {@code s}, {@code m} or {@code h}
     * ({@code 60s}, {@code 5m}), a bare number of seconds, or {@code 0}/{@code off} for none.
     *
     * @return the interval, or {@code null} when the text is none of these
     */
    public static Duration parseInterval(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("off")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    public ServeConfig withPort(int value) {
        return new ServeConfig(value, pollInterval, reconcileInterval);
    }

    public ServeConfig withPollInterval(Duration value) {
        return new ServeConfig(port, value, reconcileInterval);
    }

    public ServeConfig withReconcileInterval(Duration value) {
        return new ServeConfig(port, pollInterval, value);
    }
}
