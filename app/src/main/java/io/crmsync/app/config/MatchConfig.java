package io.crmsync.app.config;

import java.util.List;
import java.util.Objects;

/**
 * How an object sync pairs unlinked records on the first sync (DESIGN.md §2.3).
 *
 * @param kind   {@link Kind#DEFAULT} (the object type's own rule), {@link Kind#NONE} (never match, always
 *               create) or {@link Kind#CUSTOM}
 * @param stages for {@code CUSTOM}, the identifier pairs tried in order (at least one); else empty
 */
public record MatchConfig(Kind kind, List<MatchStage> stages) {
    /** The object type's built-in rule: contacts by email, companies by domain then name, ... */
    public static final MatchConfig DEFAULT = new MatchConfig(Kind.DEFAULT, List.of());
    /** Matching turned off: every unlinked record is created on the other side. */
    public static final MatchConfig NONE = new MatchConfig(Kind.NONE, List.of());

    /** The three kinds of matching rule. */
    public enum Kind { DEFAULT, NONE, CUSTOM }

    public MatchConfig {
        Objects.requireNonNull(kind, "kind");
        stages = List.copyOf(stages);
        if ((kind == Kind.CUSTOM) == stages.isEmpty()) {
            throw new IllegalArgumentException("a CUSTOM rule needs stages and only a CUSTOM rule has them");
        }
    }

    /** A custom rule with the given stages, tried in order. */
    public static MatchConfig custom(List<MatchStage> stages) {
        return new MatchConfig(Kind.CUSTOM, stages);
    }

    /** The first stage's property in app A, or {@code null} unless custom. */
    public String propA() {
        return stages.isEmpty() ? null : stages.get(0).propA();
    }

    /** The first stage's property in app B, or {@code null} unless custom. */
    public String propB() {
        return stages.isEmpty() ? null : stages.get(0).propB();
    }
}
