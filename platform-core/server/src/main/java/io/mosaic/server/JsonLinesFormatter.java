package io.mosaic.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The server's log as JSON lines, for a log collector: one JSON object per record and line, with {@code time}
 * (ISO-8601 instant), {@code level}, {@code logger}, {@code message}, and when known {@code tenant} and
 * {@code correlationId} (of the request being handled) and {@code thrown} (the stack trace as one string). Every
 * control character is escaped ({@code \n} as {@code \\n}, others as {@code \\uXXXX}), so a message with a line break
 * stays one line and cannot forge another record.
 * <p>
 * Chosen with {@code -Dmosaic.log.format=json} or, when that property is not set, the environment variable
 * {@code MOSAIC_LOG_FORMAT=json}; {@code text} (the default) keeps {@link EscapingFormatter}.
 */
public final class JsonLinesFormatter extends Formatter {
    static final String PROPERTY = "mosaic.log.format";
    static final String ENVIRONMENT = "MOSAIC_LOG_FORMAT";

    @Override
    public String format(LogRecord record) {
        StringBuilder out = new StringBuilder(256).append('{');
        field(out, "time", record.getInstant().toString());
        field(out.append(','), "level", record.getLevel().getName());
        field(out.append(','), "logger", record.getLoggerName() == null ? "" : record.getLoggerName());
        field(out.append(','), "message", formatMessage(record));
        RequestContext.current().ifPresent(c -> {
            if (c.tenant() != null) {
                field(out.append(','), "tenant", c.tenant());
            }
            field(out.append(','), "correlationId", c.correlationId());
        });
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter w = new PrintWriter(trace)) {
                record.getThrown().printStackTrace(w);
            }
            field(out.append(','), "thrown", trace.toString());
        }
        return out.append("}\n").toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        quote(out, name);
        out.append(':');
        quote(out, value);
    }

    /** {@code text} as a JSON string: quotes and backslashes escaped, every control character as an escape. */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        String s = text == null ? "" : text;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether the switch asks for JSON lines: the system property first, else the environment variable. */
    static boolean selected(String property, String environment) {
        String choice = property != null ? property : environment;
        return choice != null && choice.strip().toLowerCase(Locale.ROOT).equals("json");
    }

    /** Puts this formatter on the root logger's handlers when the switch asks for JSON lines. */
    static void installIfSelected() {
        if (!selected(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT))) {
            return;
        }
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(new JsonLinesFormatter());
        }
    }
}
