package io.crmsync.bench;

import java.util.Locale;

/** Progress lines on stderr, prefixed with the seconds since the benchmark started. */
final class Log {
    private static final long START = System.nanoTime();

    private Log() {
    }

    static void info(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%7.1fs] %s%n", (System.nanoTime() - START) / 1e9,
                String.format(Locale.ROOT, format, args));
    }
}
