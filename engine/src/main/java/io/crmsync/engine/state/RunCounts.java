package io.crmsync.engine.state;

/**
 * What one run did, in records.
 *
 * @param matched   pairs linked by identifier
 * @param createdA  records created in app A
 * @param createdB  records created in app B
 * @param updatedA  records updated in app A
 * @param updatedB  records updated in app B
 * @param deletedA  records archived in app A
 * @param deletedB  records archived in app B
 * @param conflicts fields decided by the default app
 * @param failed    records that failed in this run
 * @param excluded  records newly excluded in this run
 * @param read      records read from both apps
 */
public record RunCounts(int matched, int createdA, int createdB, int updatedA, int updatedB, int deletedA,
                        int deletedB, int conflicts, int failed, int excluded, int read) {
    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Records written: created, updated and deleted over both apps. */
    public int writes() {
        return createdA + createdB + updatedA + updatedB + deletedA + deletedB;
    }
}
