package io.mosaic.plugin.custody;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts an MT940 file into statements and each statement into its fields, keeping the line each field starts on.
 *
 * <p>A statement ends at every boundary the format allows: a line {@code -}, the end of a text block {@code -}},
 * a {@code $} line (RJE files), a new message ({@code {1:}) or text block ({@code {4:}), and a {@code :20:} that
 * follows a complete statement (one with its closing balance {@code :62F:}/{@code :62M:}). A {@code :20:}, or a
 * second account, number or balance field, inside a statement that has no closing balance yet makes the
 * statements impossible to tell apart: the file is refused naming the line.
 *
 * <p>Lines may end in CRLF, LF or CR; blank lines are ignored; every line is trimmed, so a value never carries
 * trailing spaces or line breaks. A field spans the lines up to the next field (e.g. {@code :86:} text).
 */
final class Mt940Splitter {
    /** A field of a statement: tag without colons ({@code 61}), value (lines joined with LF, trimmed), first line. */
    record Field(String tag, String value, int line) {
    }

    /** One statement: its fields in order, and the message type of its FIN header (null for a bare text block). */
    record Statement(String messageType, List<Field> fields) {
        Field first(String tag) {
            return fields.stream().filter(f -> f.tag().equals(tag)).findFirst().orElse(null);
        }

        /** The opening balance's date (YYMMDD of {@code :60F:}/{@code :60M:}), when it is readable. */
        Optional<java.time.LocalDate> openingDate() {
            Field opening = first("60F") != null ? first("60F") : first("60M");
            if (opening == null || opening.value().length() < 7) {
                return Optional.empty();
            }
            return SwiftValues.yymmdd(opening.value().substring(1, 7));
        }
    }

    private static final Pattern FIELD = Pattern.compile(":([0-9]{2}[A-Z]?):(.*)");
    private static final Pattern MESSAGE_TYPE = Pattern.compile("\\{2:[IO]([0-9]{3})");
    private static final Pattern NUMBER = Pattern.compile("([0-9]{1,5})(?:/([0-9]{1,5}))?");
    /** Fields a statement has at most once: a second one means a statement boundary is missing. */
    private static final Set<String> ONCE = Set.of("25", "28C", "28", "60F", "60M", "62F", "62M");

    private final Problems problems;
    private final List<Statement> statements = new ArrayList<>();
    private String messageType;
    private List<Field> fields = new ArrayList<>();
    private String tag;
    private StringBuilder value;
    private int tagLine;
    private boolean ambiguous;

    private Mt940Splitter(Problems problems) {
        this.problems = problems;
    }

    /**
     * The statements of the file. When statements cannot be told apart, each such line is added to
     * {@code problems} and no statement is given (their fields would be guesses).
     */
    static List<Statement> split(String content, Problems problems) {
        Mt940Splitter splitter = new Mt940Splitter(problems);
        String[] lines = content.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            splitter.line(lines[i].strip(), i + 1);
        }
        splitter.boundary();
        return splitter.ambiguous ? List.of() : splitter.statements;
    }

    /**
     * The canonical statement id of a {@code :28C:} (number[/sequence]) or {@code :28:} value: numbers without
     * leading zeros ({@code 00072/001} is {@code 72/1}); {@code :28:} without a sequence is sequence 1. Null when
     * the value is not a number.
     */
    static String statementNumber(String value, boolean olderField) {
        Matcher m = NUMBER.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            return null;
        }
        String number = String.valueOf(Integer.parseInt(m.group(1)));
        if (m.group(2) != null) {
            return number + "/" + Integer.parseInt(m.group(2));
        }
        return olderField ? number + "/1" : number;
    }

    /** How errors name a statement: {@code 42/1 of 2024-02-29, account CH93…} (the parts that are known). */
    static String label(String id, Optional<java.time.LocalDate> openingDate, String account) {
        StringBuilder label = new StringBuilder(id == null ? "(no number yet)" : id);
        openingDate.ifPresent(d -> label.append(" of ").append(d));
        if (account != null) {
            label.append(", account ").append(account);
        }
        return label.toString();
    }

    private void line(String line, int number) {
        if (line.isEmpty()) {
            return;
        }
        if (line.startsWith("$")) {
            boundary();
            line(line.substring(1).strip(), number);
            return;
        }
        if (line.equals("-") || line.startsWith("-}")) {
            boundary();
            return;
        }
        if (line.startsWith("{")) {
            header(line, number);
            return;
        }
        Matcher field = FIELD.matcher(line);
        if (field.matches()) {
            field(field.group(1), field.group(2).strip(), number);
        } else if (tag != null) {
            value.append('\n').append(line);
        } else {
            problems.line(number, "text outside a field: " + Decimals.quoted(line));
        }
    }

    /** A header line: {@code {1:…}{2:…}{3:…}{4:} starts a message; other blocks ({@code {5:…}}) are skipped. */
    private void header(String line, int number) {
        if (line.startsWith("{1:")) {
            boundary();
            messageType = null;
        }
        Matcher type = MESSAGE_TYPE.matcher(line);
        if (type.find()) {
            messageType = type.group(1);
        }
        int block4 = line.indexOf("{4:");
        if (block4 >= 0) {
            boundary();
            String rest = line.substring(block4 + 3).strip();
            if (!rest.isEmpty()) {
                line(rest, number);
            }
        }
    }

    private void field(String name, String text, int number) {
        endField();
        if (!fields.isEmpty() && (name.equals("20") || ONCE.contains(name))) {
            boolean closed = fields.stream().anyMatch(f -> f.tag().equals("62F") || f.tag().equals("62M"));
            boolean repeated = fields.stream().anyMatch(f -> f.tag().equals(name)
                    || (name.startsWith("28") && f.tag().startsWith("28"))
                    || (name.startsWith("60") && f.tag().startsWith("60"))
                    || (name.startsWith("62") && f.tag().startsWith("62")));
            if (name.equals("20") && closed) {
                boundary();
            } else if (name.equals("20") || repeated) {
                ambiguous = true;
                problems.line(number, ":" + name + ": " + (name.equals("20") ? "starts a new statement" : "appears again")
                        + (closed ? " after the closing balance of statement " + currentLabel() + " without a :20:"
                        : " before the closing balance (:62F: or :62M:) of statement " + currentLabel())
                        + "; the statements cannot be told apart");
                boundary();
            }
        }
        tag = name;
        value = new StringBuilder(text);
        tagLine = number;
    }

    private String currentLabel() {
        Statement current = new Statement(messageType, fields);
        Field n = current.first("28C");
        Field old = current.first("28");
        String id = n != null ? statementNumber(n.value(), false) : old != null ? statementNumber(old.value(), true) : null;
        Field account = current.first("25");
        return label(id, current.openingDate(), account == null || account.value().isBlank() ? null : account.value());
    }

    private void endField() {
        if (tag != null) {
            fields.add(new Field(tag, value.toString().strip(), tagLine));
            tag = null;
            value = null;
        }
    }

    private void boundary() {
        endField();
        if (!fields.isEmpty()) {
            statements.add(new Statement(messageType, List.copyOf(fields)));
            fields = new ArrayList<>();
        }
    }
}
