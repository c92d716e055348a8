package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync records}: the record view on screen and exported, after a real run. */
class RecordsCommandTest {
    @TempDir
    Path dir;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
        CliFixture.sql(fx.crmDb, "INSERT INTO contacts (email, first_name, seats) VALUES ('dee@example.com', 'Dee',"
                + " '12;34')");
        assertThat(fx.cli("run").code()).isEqualTo(1);
    }

    @Test
    void theScreenListingNamesIdColumnsAfterTheApps() {
        Result r = fx.cli("records");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: 5 records")
                .containsPattern("crm id +shop id +state +reason +message +updated at")
                .containsPattern("4 +4 +FAILED +INVALID_VALUE +property seats")
                .containsPattern("3 +EXCLUDED +NO_IDENTIFIER");
    }

    @Test
    void stateColumnsAndLimitNarrowTheListing() {
        Result failed = fx.cli("records", "--state", "failed", "--columns", "idA,reason,attempts");
        assertThat(failed.code()).as(failed.err()).isZero();
        assertThat(failed.out()).contains("crm-shop/contacts: 1 record\n")
                .containsPattern("crm id +reason +attempts\n +4 +INVALID_VALUE +0")
                .doesNotContain("shop id");

        Result limited = fx.cli("records", "--limit", "2");
        assertThat(limited.out()).contains("crm-shop/contacts: showing 2 of 5 records\n")
                .contains("(at most 2 records shown per object sync;");
        assertThat(fx.cli("records", "--limit", "1").out()).contains("showing 1 of 5 records\n")
                .contains("(at most 1 record shown per object sync;");
        assertThat(fx.cli("records", "--limit", "1", "--state", "excluded", "--since", "1d").out())
                .contains("crm-shop/contacts: 1 record\n").doesNotContain("at most");

        Result none = fx.cli("records", "--since", "2000-01-01", "--until", "2000-01-02");
        assertThat(none.out()).contains("crm-shop/contacts: 0 records");
        assertThat(fx.cli("records", "--since", "1h").out()).contains("5 records");
    }

    @Test
    void csvExportHoldsEveryRowWithSyncAndObject() throws Exception {
        Path file = dir.resolve("x.csv");

        Result r = fx.cli("records", "--export", file.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("exported 5 records to " + file);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(in).getRecords();
            assertThat(rows).hasSize(5);
            assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("sync", "object", "crm id",
                    "shop id", "state", "reason", "message", "updated at");
            CSVRecord failed = rows.stream().filter(x -> x.get("state").equals("FAILED")).findFirst().orElseThrow();
            assertThat(failed.get("sync")).isEqualTo("crm-shop");
            assertThat(failed.get("object")).isEqualTo("contacts");
            assertThat(failed.get("crm id")).isEqualTo("4");
            assertThat(failed.get("message")).contains("12;34");
        }
    }

    @Test
    void xlsxExportHoldsEveryRowWithSyncAndObject() throws Exception {
        Path file = dir.resolve("x.xlsx");

        Result r = fx.cli("records", "--export", file.toString(), "--columns", "idA,idB,state,attempts,updatedAt");

        assertThat(r.code()).as(r.err()).isZero();
        try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile())) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows).hasSize(6);
            assertThat(rows.get(0).stream().map(c -> c.getText()).toList()).containsExactly("sync", "object",
                    "crm id", "shop id", "state", "attempts", "updated at");
            List<String> states = rows.subList(1, 6).stream().map(row -> row.getCellText(4)).toList();
            assertThat(states).containsExactlyInAnyOrder("SYNCING", "SYNCING", "SYNCING", "FAILED", "EXCLUDED");
            Row first = rows.get(1);
            assertThat(first.getCellText(0)).isEqualTo("crm-shop");
            assertThat(first.getCellAsNumber(5)).hasValueSatisfying(n -> assertThat(n.intValue()).isZero());
            assertThat(first.getCellAsDate(6)).isPresent();
        }
    }

    @Test
    void anUnknownColumnIsAUsageErrorNamingIt() {
        Result r = fx.cli("records", "--columns", "idA,colour");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown column \"colour\"").contains("idA,idB,state");
    }

    @Test
    void anExportFileWithAnotherExtensionIsAUsageError() {
        Result r = fx.cli("records", "--export", dir.resolve("x.pdf").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("must end in .csv or .xlsx");
        assertThat(dir.resolve("x.pdf")).doesNotExist();
    }

    @Test
    void badStateAndTimeAreUsageErrors() {
        Result state = fx.cli("records", "--state", "broken");
        assertThat(state.code()).isEqualTo(2);
        assertThat(state.err()).contains("unknown state \"broken\"").contains("syncing, failed, excluded");

        Result since = fx.cli("records", "--since", "yesterday");
        assertThat(since.code()).isEqualTo(2);
        assertThat(since.err()).contains("\"yesterday\" is not a time");
    }
}
