package io.crmsync.engine.model;

/** One of the two apps of a sync: {@code A} is the first app listed in the sync's {@code apps}, {@code B} the second. */
public enum Side {
    A, B;

    public Side other() {
        return this == A ? B : A;
    }
}
