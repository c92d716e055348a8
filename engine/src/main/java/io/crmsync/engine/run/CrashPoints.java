package io.crmsync.engine.run;

/**
 * Named points in a run where crash tests stop the process. When the environment variable
 * {@code CRMSYNC_PAUSE_AT} is {@code NAME:N}, the N-th time the run reaches point NAME it prints
 * {@code CRMSYNC-PAUSED NAME} on standard error and waits forever, so that a test can kill it with SIGKILL at
 * exactly that point. Unset (always, outside those tests), it costs one field read.
 */
public final class CrashPoints {
    private static final String SPEC = System.getenv("CRMSYNC_PAUSE_AT");
    private static int hits;

    private CrashPoints() {
    }

    /** Whether a crash test has set a pause point ({@code CRMSYNC_PAUSE_AT}). */
    public static boolean armed() {
        return SPEC != null;
    }

    /** Marks that the run reached a point: {@code intent-stored}, {@code app-written}, {@code mid-run}, {@code before-checkpoint}. */
    public static void reach(String name) {
        if (SPEC == null) {
            return;
        }
        int colon = SPEC.lastIndexOf(':');
        String wanted = colon < 0 ? SPEC : SPEC.substring(0, colon);
        int n = colon < 0 ? 1 : Integer.parseInt(SPEC.substring(colon + 1));
        if (!wanted.equals(name)) {
            return;
        }
        synchronized (CrashPoints.class) {
            if (++hits != n) {
                return;
            }
        }
        System.err.println("CRMSYNC-PAUSED " + name);
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
