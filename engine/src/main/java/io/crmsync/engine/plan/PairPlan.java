package io.crmsync.engine.plan;

import io.crmsync.api.Failure;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.Side;
import java.util.List;
import java.util.Map;

/**
 * What a run does with one record pair: the values to write into each side (creating the record when its id is
 * {@code null}), the base to store afterwards, and the field failures and conflicts found.
 *
 * @param kind      why this pair is in the plan
 * @param link      the stored link, or {@code null} for a pair made in this run
 * @param idA       id in app A, {@code null} when the record is to be created there
 * @param idB       id in app B, {@code null} when the record is to be created there
 * @param writeA    native values to write into A (a {@code null} value clears); empty when nothing to write
 * @param writeB    native values to write into B
 * @param beforeA   A's values before the write, for the audit log
 * @param beforeB   B's values before the write
 * @param base      the base to store once the writes succeed
 * @param failures  field failures (the other fields are still written)
 * @param conflicts fields both apps changed to different values, decided by the default app
 * @param winners   for each conflict, the field mapping id and the side whose value won (plan samples)
 * @param deleteIn  for {@link Kind#DELETE}, the side whose record is archived; else {@code null}
 */
public record PairPlan(Kind kind, Link link, String idA, String idB, Map<String, String> writeA,
                       Map<String, String> writeB, Map<String, String> beforeA, Map<String, String> beforeB,
                       Base base, List<Failure> failures, int conflicts, Map<String, Side> winners,
                       Side deleteIn) {

    /** Why a pair is planned. */
    public enum Kind {
        /** An existing link whose records changed. */
        UPDATE,
        /** Two unlinked records matched by identifier, linked in this run. */
        MATCH,
        /** A record created in the other app and linked. */
        CREATE,
        /** A deleted record whose partner is archived too (policy {@code propagate}). */
        DELETE
    }

    public String id(Side side) {
        return side == Side.A ? idA : idB;
    }

    public Map<String, String> write(Side side) {
        return side == Side.A ? writeA : writeB;
    }

    public Map<String, String> before(Side side) {
        return side == Side.A ? beforeA : beforeB;
    }

    /** The side the record is created in, or {@code null} when both exist. */
    public Side createIn() {
        return idA == null ? Side.A : idB == null ? Side.B : null;
    }

    /** {@code true} when the plan writes nothing and stores the same base as before. */
    public boolean isNoop() {
        return writeA.isEmpty() && writeB.isEmpty() && link != null && base.equals(link.base())
                && failures.isEmpty() && kind == Kind.UPDATE;
    }
}
