package io.mosaic.server;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class EscapingFormatterTest {
    @Test
    void subjectWithALineBreak_cannotForgeALogLine_orSendTerminalEscapes() {
        LogRecord record = new LogRecord(Level.INFO, "audit demo query-denied somebody\r\n12:00:00 INFO    io.mosaic: "
                + "all is well\u001b[2J");
        record.setLoggerName("io.mosaic.runtime.AuditTrail");
        String line = new EscapingFormatter().format(record);
        assertThat(line.strip()).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b")
                .contains("somebody\\r\\n12:00:00").contains("\\u001b[2J");
        assertThat(line).endsWith(System.lineSeparator());
    }

    @Test
    void ordinaryMessages_areUnchanged() {
        assertThat(EscapingFormatter.escape("tenant demo: installed assets@0.1.0 (DOMAIN)\tok"))
                .isEqualTo("tenant demo: installed assets@0.1.0 (DOMAIN)\tok");
    }
}
