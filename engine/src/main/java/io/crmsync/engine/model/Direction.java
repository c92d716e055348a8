package io.crmsync.engine.model;

/** Which way values flow in an object sync or a single field mapping (DESIGN.md §1 "direction"). */
public enum Direction {
    TWO_WAY, A_TO_B, B_TO_A;

    /** {@code true} when values may be written into the given side. */
    public boolean writesInto(Side target) {
        return this == TWO_WAY || (target == Side.B ? this == A_TO_B : this == B_TO_A);
    }

    /** The one-way direction whose source is the given side. */
    public static Direction from(Side source) {
        return source == Side.A ? A_TO_B : B_TO_A;
    }

    /** As the config writes it: {@code two-way}, or {@code crm -> shop} with the apps' names. */
    public String label(String appA, String appB) {
        return switch (this) {
            case TWO_WAY -> "two-way";
            case A_TO_B -> appA + " -> " + appB;
            case B_TO_A -> appB + " -> " + appA;
        };
    }

    /** The source side of a one-way direction, or {@code null} for two-way. */
    public Side source() {
        return switch (this) {
            case TWO_WAY -> null;
            case A_TO_B -> Side.A;
            case B_TO_A -> Side.B;
        };
    }
}
