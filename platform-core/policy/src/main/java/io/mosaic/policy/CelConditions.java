package io.mosaic.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /**
     * What a condition may cost, so that no rule set (a bank's own, or an app's) can stall the gate: at most 4,096
     * characters, nested at most 32 deep, at most 1,000 iterations of each comprehension ({@code all}, {@code exists},
     * {@code map}, …) per evaluation, and small regular expressions.
     */
    static final dev.cel.common.CelOptions LIMITS = dev.cel.common.CelOptions.current()
            .maxExpressionCodePointSize(4_096)
            .maxParseRecursionDepth(32)
            .comprehensionMaxIterations(1_000)
            .maxRegexProgramSize(200)
            .build();

    /** Built on first use: building the environment costs a few hundred milliseconds cold. */
    private static final class Holder {
        static final CelCompiler COMPILER;
        static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(LIMITS).build();

        static {
            var builder = CelCompilerFactory.standardCelCompilerBuilder().setOptions(LIMITS)
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
            for (String variable : VARIABLES) {
                builder.addVar(variable, DYN_MAP);
            }
            COMPILER = builder.build();
        }
    }

    /** A compiled condition, or what is wrong with the expression. */
    sealed interface Compiled permits Compiled.Ok, Compiled.Failed {
        /**
         * @param subjectOnly the expression reads no variable but {@code subject}, so its outcome is a function of
         *                    the subject's attributes alone (CEL is deterministic) and may be remembered per subject
         */
        record Ok(CelRuntime.Program program, boolean subjectOnly) implements Compiled {
            Ok(CelRuntime.Program program) {
                this(program, false);
            }
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
            return new Compiled.Ok(Holder.RUNTIME.createProgram(ast), readsOnlySubject(ast.getExpr()));
        } catch (CelValidationException | CelEvaluationException e) {
            return new Compiled.Failed("CEL condition cannot be prepared: " + e.getMessage(), "");
        }
    }

    /**
     * Whether the expression reads no variable except {@code subject}. Conservative: any identifier other than
     * {@code subject} and the expression's own comprehension variables, a comprehension variable named like a
     * variable, or an expression kind this walk does not know makes it false.
     */
    static boolean readsOnlySubject(CelExpr root) {
        Set<String> locals = new HashSet<>();
        List<String> idents = new ArrayList<>();
        Deque<CelExpr> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            CelExpr expr = todo.pop();
            switch (expr.getKind()) {
                case CONSTANT -> {
                }
                case IDENT -> idents.add(expr.ident().name());
                case SELECT -> todo.push(expr.select().operand());
                case CALL -> {
                    expr.call().target().ifPresent(todo::push);
                    expr.call().args().forEach(todo::push);
                }
                case LIST -> expr.list().elements().forEach(todo::push);
                case MAP -> expr.map().entries().forEach(e -> {
                    todo.push(e.key());
                    todo.push(e.value());
                });
                case STRUCT -> expr.struct().entries().forEach(e -> todo.push(e.value()));
                case COMPREHENSION -> {
                    var c = expr.comprehension();
                    for (String local : new String[] {c.iterVar(), c.iterVar2(), c.accuVar()}) {
                        if (local != null && !local.isEmpty()) {
                            if (VARIABLES.contains(local)) {
                                return false;
                            }
                            locals.add(local);
                        }
                    }
                    todo.push(c.iterRange());
                    todo.push(c.accuInit());
                    todo.push(c.loopCondition());
                    todo.push(c.loopStep());
                    todo.push(c.result());
                }
                default -> {
                    return false;
                }
            }
        }
        for (String ident : idents) {
            if (!ident.equals("subject") && !locals.contains(ident)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(CelIssue issue) {
        var location = issue.getSourceLocation();
        String where = location.getLine() > 0 ? "column " + (location.getColumn() + 1) + ": " : "";
        return where + issue.getMessage();
    }
}
