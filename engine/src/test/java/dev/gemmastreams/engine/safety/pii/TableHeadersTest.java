package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableHeadersTest {

    @Test
    void namesTheColumnOfACsvCell() {
        String csv = "id,name,ssn\n1,A. Smith,536221847\n2,B. Jones,536221848";
        assertThat(TableHeaders.headerAbove(csv, csv.lastIndexOf("536"))).isEqualTo("ssn");
        assertThat(TableHeaders.headerAbove(csv, csv.indexOf("B. Jones"))).isEqualTo("name");
    }

    @Test
    void namesTheColumnOfAMarkdownCellPastTheSeparatorRow() {
        String table = "| Version | Date |\n| --- | --- |\n| 1.2.0.4 | 2025-03-01 |";
        assertThat(TableHeaders.headerAbove(table, table.indexOf("1.2.0.4"))).isEqualTo("Version");
        assertThat(TableHeaders.headerAbove(table, table.indexOf("2025"))).isEqualTo("Date");
    }

    @Test
    void isEmptyOutsideATableOrOnItsFirstRow() {
        assertThat(TableHeaders.headerAbove("ssn,name", 0)).isEmpty();
        assertThat(TableHeaders.headerAbove("Hello there\nA. Smith, 536221847", 20)).isEmpty();
        assertThat(TableHeaders.headerAbove("a,b,c\nx,536221847", 10)).isEmpty(); // not as many cells
    }

    @Test
    void aLineLongerThanAnyTableRowIsNoRow() {
        String wide = "id,ssn\n" + "x,".repeat(3_000) + "536221847";
        assertThat(TableHeaders.headerAbove(wide, wide.lastIndexOf("536"))).isEmpty();
        String narrow = "id,ssn\n1,536221847";
        assertThat(TableHeaders.headerAbove(narrow, narrow.lastIndexOf("536"))).isEqualTo("ssn");
    }
}
