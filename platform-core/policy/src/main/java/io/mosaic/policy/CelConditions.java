package io.mosaic.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The CEL environment of rule conditions: the variables {@code envelope}, {@code sender}, {@code subject},
 * {@code grant} and {@code receiver}, each a {@code map(string, dyn)}, and the standard macros ({@code has},
 * {@code exists}, {@code all}, …). Compiler and runtime are immutable and shared; compiled programs are thread-safe.
 */
final class CelConditions {
    static final List<String> VARIABLES = List.of("envelope", "sender", "subject", "grant", "receiver");

    private static final CelType DYN_MAP = MapType.create(SimpleType.STRING, SimpleType.DYN);

    private CelConditions() {
    }

    /** Built on first use: building the environment costs a few hundred milliseconds cold. */
    private static final class Holder {
        static final CelCompiler COMPILER;
        static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

        static {
            var builder = CelCompilerFactory.standardCelCompilerBuilder()
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
            for (String variable : VARIABLES) {
                builder.addVar(variable, DYN_MAP);
            }
            COMPILER = builder.build();
        }
    }

    /** A compiled condition, or what is wrong with the expression. */
    sealed interface Compiled permits Compiled.Ok, Compiled.Failed {
        record Ok(CelRuntime.Program program) implements Compiled {
        }

        record Failed(String problem, String hint) implements Compiled {
        }
    }

    static Compiled compile(String expression) {
        CelValidationResult result = Holder.COMPILER.compile(expression);
        if (result.hasError()) {
            String errors = result.getErrors().stream().map(CelConditions::describe).collect(Collectors.joining("; "));
            return new Compiled.Failed("CEL condition does not compile: " + errors,
                    "variables are " + String.join(", ", VARIABLES) + "; guard optional keys with has(), e.g. has(subject.roles)");
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelType type = ast.getResultType();
            if (!type.equals(SimpleType.BOOL) && !type.equals(SimpleType.DYN)) {
                return new Compiled.Failed("CEL condition returns " + type.name() + ", not bool",
                        "a condition must be true or false, e.g. envelope.subject != ''");
            }
            return new Compiled.Ok(Holder.RUNTIME.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            return new Compiled.Failed("CEL condition cannot be prepared: " + e.getMessage(), "");
        }
    }

    private static String describe(CelIssue issue) {
        var location = issue.getSourceLocation();
        String where = location.getLine() > 0 ? "column " + (location.getColumn() + 1) + ": " : "";
        return where + issue.getMessage();
    }
}
