package io.crmsync.app.cli;

import io.crmsync.engine.run.ProgressListener;
import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal, redrawn in place with {@code \r}:
 * {@code crm-shop/contacts [#########...........] 45% write 4500/10000}, or a running count while the total is
 * unknown (reads). Redraws at most every 100 ms so that a fast run is not slowed down by the terminal.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private long lastDraw;
    private int lastLength;
    private String lastPhase = "";

    ProgressBar(PrintStream err) {
        this.err = err;
    }

    /** A listener that draws on a terminal, or nothing when output is not one or progress is turned off. */
    static ProgressListener forConsole(Console console, boolean noProgress) {
        return console.terminal() && !noProgress ? new ProgressBar(console.err()) : ProgressListener.NONE;
    }

    @Override
    public void progress(String objectSync, String phase, long done, long total) {
        long now = System.nanoTime();
        boolean complete = total >= 0 && done >= total;
        // Always draw a phase's first and last step, so that each phase shows up even in a short run.
        if (!complete && phase.equals(lastPhase) && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        lastPhase = phase;
        String line;
        if (total < 0) {
            line = objectSync + " " + phase + " " + done;
        } else {
            int pct = total == 0 ? 100 : (int) (done * 100 / total);
            int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
            line = objectSync + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + pct + "% "
                    + phase + " " + done + "/" + total;
        }
        draw(line);
    }

    /** Erases the bar, so that the summary starts on a clean line. */
    static void clear(ProgressListener listener) {
        if (listener instanceof ProgressBar bar && bar.lastLength > 0) {
            bar.draw("");
            bar.lastLength = 0;
        }
    }

    private void draw(String line) {
        // Pad with spaces to wipe the end of a longer previous line.
        String padding = " ".repeat(Math.max(0, lastLength - line.length()));
        err.print("\r" + line + padding + (line.isEmpty() ? "\r" : ""));
        err.flush();
        lastLength = line.length();
    }
}
