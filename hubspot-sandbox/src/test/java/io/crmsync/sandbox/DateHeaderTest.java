package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HTTP Date header tells the sandbox's own clock, the one that stamps records, as one header per response. */
class DateHeaderTest extends SandboxTestBase {

    @Test
    void date_isTheSandboxClockInRfc1123_onSuccessAndOnError() {
        Response ok = get("/crm/v3/objects/contacts?limit=1");
        clock.advance(Duration.ofDays(2));
        Response missing = get("/crm/v3/objects/contacts/987654");

        assertThat(ok.raw().headers().allValues("Date")).containsExactly("Thu, 15 Jan 2026 10:00:00 GMT");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.raw().headers().allValues("Date")).containsExactly("Sat, 17 Jan 2026 10:00:00 GMT");
    }
}
