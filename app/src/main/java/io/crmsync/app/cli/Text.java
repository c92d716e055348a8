package io.crmsync.app.cli;

import io.crmsync.api.FailureCategory;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.ExclusionReason;
import io.crmsync.engine.plan.ObjectSyncSettings;
import java.io.PrintStream;
import java.util.Map;

/** Small text helpers shared by the commands' screen output. */
final class Text {
    private Text() {
    }

    /** {@code crm 3, shop 40}. */
    static String perApp(String appA, long a, String appB, long b) {
        return appA + " " + a + ", " + appB + " " + b;
    }

    /** A direction as the config spells it: {@code two-way}, {@code crm -> shop}. */
    static String direction(Direction direction, ObjectSyncSettings s) {
        return direction(direction, s.appA(), s.appB());
    }

    static String direction(Direction direction, String appA, String appB) {
        return direction.label(appA, appB);
    }

    /** {@code 1 record}, {@code 2 records}. */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** The arrow of a direction, e.g. {@code ↔} for two-way. */
    static String arrow(Direction direction, Console console) {
        return switch (direction) {
            case TWO_WAY -> console.both();
            case A_TO_B -> console.right();
            case B_TO_A -> console.left();
        };
    }

    /** The resolution hint of a failure category or exclusion reason, or {@code ""} if the name is unknown. */
    static String hint(String reason) {
        for (FailureCategory c : FailureCategory.values()) {
            if (c.name().equals(reason)) {
                return c.hint();
            }
        }
        for (ExclusionReason r : ExclusionReason.values()) {
            if (r.name().equals(reason)) {
                return r.hint();
            }
        }
        return "";
    }

    /** Prints {@code label total} and, below, one line per reason with its count and hint. */
    static void reasons(PrintStream out, String indent, String label, Map<String, Integer> byReason) {
        int total = byReason.values().stream().mapToInt(Integer::intValue).sum();
        out.printf("%s%-16s %d%n", indent, label, total);
        byReason.forEach((reason, n) -> out.printf("%s  %-20s %5d  %s%n", indent, reason, n, hint(reason)));
    }

    /** A value for one line of screen output: quoted, control characters escaped, at most 40 characters. */
    static String value(String v) {
        if (v == null || v.isEmpty()) {
            return "(empty)";
        }
        String s = v.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return "\"" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "\"";
    }

    /** Cuts a text to a width for a table cell, on one line. */
    static String cell(String v, int width) {
        if (v == null) {
            return "";
        }
        String s = v.replace("\r", " ").replace("\n", " ").replace("\t", " ");
        return s.length() > width ? s.substring(0, width - 3) + "..." : s;
    }
}
