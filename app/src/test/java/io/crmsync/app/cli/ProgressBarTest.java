package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.run.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void aKnownTotalDrawsABarWithPercentAndCounts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(err, true, StandardCharsets.UTF_8));

        bar.progress("crm-shop/contacts", "write", 4500, 10000);

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("\rcrm-shop/contacts ["
                + "#".repeat(13) + ".".repeat(17) + "] 45% write 4500/10000");
    }

    @Test
    void clearingWipesTheLineSoTheSummaryStartsClean() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(err, true, StandardCharsets.UTF_8));
        bar.progress("s/o", "read crm", 12, -1);

        ProgressBar.clear(bar);

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("\rs/o read crm 12\r" + " ".repeat(15) + "\r");
    }

    @Test
    void noBarWithoutATerminalOrWithNoProgress() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Console pipe = new Console(sink, sink, Map.of(), true, false);
        Console tty = new Console(sink, sink, Map.of(), true, true);

        assertThat(ProgressBar.forConsole(pipe, false)).isSameAs(ProgressListener.NONE);
        assertThat(ProgressBar.forConsole(tty, true)).isSameAs(ProgressListener.NONE);
        assertThat(ProgressBar.forConsole(tty, false)).isInstanceOf(ProgressBar.class);
    }
}
