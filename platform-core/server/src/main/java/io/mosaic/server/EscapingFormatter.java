package io.mosaic.server;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The server's log format ({@code logging.properties}), with every control character of a message escaped: a subject
 * id, a query parameter or a reason that carries a line break or a terminal escape cannot forge a log line or
 * repaint the operator's terminal. Stack traces keep their lines. A record written while a request is handled ends
 * with the request's tenant (when its path names one) and correlation id: {@code [tenant=demo correlationId=…]}.
 */
public final class EscapingFormatter extends SimpleFormatter {
    @Override
    public String formatMessage(LogRecord record) {
        return escape(super.formatMessage(record)) + RequestContext.current().map(EscapingFormatter::suffix).orElse("");
    }

    /** The request's tenant and correlation id (both plain tokens: {@link RequestContext} admits no others). */
    static String suffix(RequestContext.Current c) {
        return " [" + (c.tenant() == null ? "" : "tenant=" + c.tenant() + " ") + "correlationId=" + c.correlationId() + "]";
    }

    /** {@code \n} as {@code \\n}, {@code \r} as {@code \\r}, {@code \t} kept, other controls as {@code \\uXXXX}. */
    static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
