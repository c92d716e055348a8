package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class TimeArgumentTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final TimeArgument arg = new TimeArgument(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTimeAgoCountsBackFromNow() {
        assertThat(arg.convert("30m")).isEqualTo("2026-03-10T11:30:00Z");
        assertThat(arg.convert("24h")).isEqualTo("2026-03-09T12:00:00Z");
        assertThat(arg.convert("7d")).isEqualTo("2026-03-03T12:00:00Z");
        assertThat(arg.convert("2w")).isEqualTo("2026-02-24T12:00:00Z");
    }

    @Test
    void aDateIsMidnightUtcWhateverTheHostZone() {
        assertThat(arg.convert("2026-01-01")).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void aDateTimeIsUtcUnlessItHasAnOffset() {
        assertThat(arg.convert("2026-01-01T10:00")).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(arg.convert("2026-01-01T10:00:00+02:00")).isEqualTo("2026-01-01T08:00:00Z");
        assertThat(arg.convert("2026-01-01T10:00:00Z")).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        assertThatThrownBy(() -> arg.convert("last week")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("7d").hasMessageContaining("2026-01-01");
        assertThatThrownBy(() -> arg.convert("2026-13-01")).isInstanceOf(TypeConversionException.class);
    }
}
