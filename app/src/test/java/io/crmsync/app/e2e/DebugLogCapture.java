package io.crmsync.app.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns slf4j-simple's DEBUG level on for the given logger-name prefixes and captures {@code System.err} (where
 * slf4j-simple writes, resolved at each write) until closed. slf4j-simple fixes a logger's level when the logger
 * is created: loggers made later get it from the {@code org.slf4j.simpleLogger.log.<prefix>} property, loggers
 * that other tests in this JVM already made are raised through their {@code currentLogLevel} field. Not
 * thread-safe; one per test.
 */
final class DebugLogCapture implements AutoCloseable {
    private static final int DEBUG = 10; // org.slf4j.spi.LocationAwareLogger.DEBUG_INT
    private final String[] prefixes;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Map<Logger, Integer> raised = new HashMap<>();

    DebugLogCapture(String... prefixes) {
        this.prefixes = prefixes;
        for (String p : prefixes) {
            System.setProperty("org.slf4j.simpleLogger.log." + p, "debug");
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        try {
            Field mapField = factory.getClass().getDeclaredField("loggerMap");
            mapField.setAccessible(true);
            Map<?, ?> loggers = (Map<?, ?>) mapField.get(factory);
            for (Map.Entry<?, ?> e : loggers.entrySet()) {
                for (String p : prefixes) {
                    if (String.valueOf(e.getKey()).startsWith(p) && e.getValue() instanceof Logger l) {
                        Field level = levelField(l.getClass());
                        raised.put(l, level.getInt(l));
                        level.setInt(l, DEBUG);
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("slf4j-simple internals changed; cannot raise log levels", e);
        }
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                buffer.write(b);
                originalErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
                originalErr.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    private static Field levelField(Class<?> type) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("currentLogLevel");
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException("currentLogLevel");
    }

    /** Everything written to System.err since this capture started. */
    String text() {
        System.err.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        for (String p : prefixes) {
            System.clearProperty("org.slf4j.simpleLogger.log." + p);
        }
        raised.forEach((l, level) -> {
            try {
                levelField(l.getClass()).setInt(l, level);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
