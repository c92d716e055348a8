package io.crmsync.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A wall-clock sampling profiler of one thread: every 10 ms it takes the thread's stack, whether the thread runs,
 * waits for a database or sleeps, and counts the innermost frame, the innermost crmsync frame, and every crmsync
 * method on the stack. Enough to tell where a run's time goes without an external profiler.
 */
final class StackSampler implements AutoCloseable {
    private final Thread target;
    private final Thread sampler;
    private final Map<String, Integer> leaf = new HashMap<>();
    private final Map<String, Integer> innermostCrmsync = new HashMap<>();
    private final Map<String, Integer> inclusive = new HashMap<>();
    private final Map<String, Integer> crmsyncCalls = new HashMap<>();
    private final Map<String, Integer> library = new HashMap<>();
    private volatile boolean running = true;
    private int samples;

    StackSampler(Thread target) {
        this.target = target;
        this.sampler = new Thread(this::loop, "stack-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void loop() {
        while (running) {
            StackTraceElement[] stack = target.getStackTrace();
            synchronized (this) {
                if (stack.length > 0) {
                    samples++;
                    leaf.merge(name(stack[0]), 1, Integer::sum);
                    library.merge(library(stack), 1, Integer::sum);
                    Set<String> seen = new HashSet<>();
                    boolean first = true;
                    for (int i = 0; i < stack.length; i++) {
                        StackTraceElement e = stack[i];
                        if (e.getClassName().startsWith("io.crmsync.") && !e.getClassName().startsWith("io.crmsync.bench")) {
                            String n = name(e);
                            if (first) {
                                innermostCrmsync.merge(n, 1, Integer::sum);
                                crmsyncCalls.merge(n + ":" + e.getLineNumber() + " -> "
                                        + (i == 0 ? "(itself)" : name(stack[i - 1])), 1, Integer::sum);
                                first = false;
                            }
                            if (seen.add(n)) {
                                inclusive.merge(n, 1, Integer::sum);
                            }
                        }
                    }
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The driver or library the thread is in: the innermost frame of a database driver, else of any package. */
    private static String library(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            for (String driver : new String[] {"org.sqlite", "org.postgresql", "org.h2", "com.zaxxer.hikari"}) {
                if (c.startsWith(driver + ".")) {
                    return driver;
                }
            }
        }
        String c = stack[0].getClassName();
        int first = c.indexOf('.');
        int second = first < 0 ? -1 : c.indexOf('.', first + 1);
        return second < 0 ? c : c.substring(0, second);
    }

    private static String name(StackTraceElement e) {
        String cls = e.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName();
    }

    /** The top frames, as lines for the log. */
    synchronized String report(int top) {
        StringBuilder s = new StringBuilder();
        section(s, "database driver on the stack, else the innermost frame's package", library, 8);
        section(s, "innermost frame", leaf, top);
        section(s, "innermost crmsync frame", innermostCrmsync, top);
        section(s, "innermost crmsync frame:line -> what it calls", crmsyncCalls, top);
        section(s, "crmsync methods on the stack", inclusive, top);
        return s.toString();
    }

    private void section(StringBuilder s, String title, Map<String, Integer> counts, int top) {
        s.append(String.format(Locale.ROOT, "    %s (%,d samples of 10 ms):%n", title, samples));
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(top).forEach(e -> s.append(String.format(Locale.ROOT, "      %5.1f%%  %s%n",
                        100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
