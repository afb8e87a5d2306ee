package io.mosaic.runtime;

import java.util.List;

/**
 * A command whose body does not have the form its schema gives: refused at the gateway, before it is signed or sent,
 * with every problem found. Nothing of it reaches the bus or the journal.
 */
public final class CommandMalformed extends PlatformException {
    /**
     * One problem of the body.
     *
     * @param path    where, as a JSON path from the body's root ({@code $.amount}, {@code $.lines[2].date})
     * @param problem what is wrong and the form expected
     */
    public record Problem(String path, String problem) {
    }

    private final String type;
    private final List<Problem> problems;

    public CommandMalformed(String type, List<Problem> problems) {
        super(type + ": the body does not have the command's form: " + problems.stream()
                .map(p -> p.path() + ": " + p.problem()).reduce((a, b) -> a + "; " + b).orElse("?"));
        this.type = type;
        this.problems = List.copyOf(problems);
    }

    public String type() {
        return type;
    }

    public List<Problem> problems() {
        return problems;
    }
}
