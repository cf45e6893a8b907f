package com.encrata.webhooks.webhook.filter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelTypes;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;

/**
 * Webhook filters (SPEC §10): CEL expressions over {@code event} (string) and {@code data}
 * (map(string, dyn)) that must be boolean, compiled once per text (a bounded cache) and evaluated with
 * a bounded cost. The API checks filters with it; fan-out and the filter test evaluate them the same
 * way. The CEL compiler and runtime are built when the first filter is compiled, never during static
 * initialisation nor for the bean's client proxy (which runs this class's constructor too): a service
 * whose webhooks have no filters never loads CEL's classes.
 */
@ApplicationScoped
public class EventFilters {

    public static final int MAX_LENGTH = 1_000;
    /** Steps one evaluation may take (see {@link CostMeter}): 0.3–0.8 ms of CPU at the limit, measured warm. */
    public static final long COST_LIMIT = 5_000;
    /** Iterations of all comprehensions in one evaluation, CEL's own limit. */
    public static final int MAX_ITERATIONS = 500;
    /** Compiled filters kept, least recently used first out. */
    static final int CACHED = 2_000;
    /** Characters of the input a message may quote. */
    private static final int QUOTED = 32;
    private static final Pattern QUOTE = Pattern.compile("'([^']{" + (QUOTED + 1) + ",})'");

    /** CEL's compiler and runtime, built on first use ({@link #cel()}). */
    private Cel cel;
    private final Map<String, EventFilter> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EventFilter> eldest) {
            return size() > CACHED;
        }
    };

    private record Cel(CelCompiler compiler, CelRuntime runtime) {
    }

    /** Only a filter not in the cache gets here, so the lock is rarely taken. */
    private synchronized Cel cel() {
        if (cel == null) {
            cel = build();
        }
        return cel;
    }

    private static Cel build() {
        CelOptions options = CelOptions.current()
                .maxExpressionCodePointSize(MAX_LENGTH)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .maxRegexProgramSize(RegexCost.MAX_PROGRAM_SIZE)
                .enableHeterogeneousNumericComparisons(true)
                .errorOnIntWrap(true)
                .build();
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("event", SimpleType.STRING)
                .addVar("data", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .build();
        return new Cel(compiler, CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build());
    }

    /** The filter of {@code text}, compiled (or from the cache), or why it does not compile. */
    public Compilation compile(String text) {
        synchronized (cache) {
            EventFilter known = cache.get(text);
            if (known != null) {
                return known;
            }
        }
        Compilation compiled = compileNew(text);
        if (compiled instanceof EventFilter filter) {
            synchronized (cache) {
                cache.put(text, filter);
            }
        }
        return compiled;
    }

    private Compilation compileNew(String text) {
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            return new Compilation.Refused("must be at most " + MAX_LENGTH + " characters");
        }
        try {
            Cel cel = cel();
            CelValidationResult result = cel.compiler().compile(text);
            if (result.hasError()) {
                return new Compilation.Refused("is not a valid CEL expression: " + describe(result.getErrors().get(0)));
            }
            CelAbstractSyntaxTree ast = result.getAst();
            CelKind kind = ast.getResultType().kind();
            if (kind != CelKind.BOOL && kind != CelKind.DYN) {
                return new Compilation.Refused("must evaluate to a boolean, not " + CelTypes.format(ast.getResultType()));
            }
            return new EventFilter(text, ast.getExpr(), cel.runtime().createProgram(ast));
        } catch (Exception | StackOverflowError e) {
            return new Compilation.Refused("is not a valid CEL expression");
        }
    }

    /** What {@code filter} gives for the event of {@code input}, the cost limit applied. */
    public Evaluation evaluate(EventFilter filter, FilterInput input) {
        CostMeter meter = new CostMeter(filter, input, COST_LIMIT);
        CelVariableResolver variables = name -> switch (name) {
            case "event" -> Optional.of(input.event);
            case "data" -> Optional.of(input.data);
            default -> Optional.empty();
        };
        FilterOutcome outcome;
        try {
            Object result = filter.program.trace(variables, meter);
            outcome = result instanceof Boolean b ? (b ? FilterOutcome.MATCH : FilterOutcome.NO_MATCH) : FilterOutcome.ERROR;
        } catch (CelEvaluationException | RuntimeException e) {
            outcome = stoppedAtLimit(e) ? FilterOutcome.TOO_COSTLY : FilterOutcome.ERROR;
        } catch (StackOverflowError e) {
            outcome = FilterOutcome.ERROR;
        }
        return new Evaluation(outcome, meter.spent());
    }

    /** An evaluation's outcome and the steps it took. */
    public record Evaluation(FilterOutcome outcome, long cost) {
    }

    private static boolean stoppedAtLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CostMeter.LimitReached) {
                return true;
            }
        }
        return false;
    }

    /** An issue as {@code line:column: message}, with long quotations of the input shortened. */
    static String describe(CelIssue issue) {
        CelSourceLocation at = issue.getSourceLocation();
        String where = at == null || at.equals(CelSourceLocation.NONE) ? "" : at.getLine() + ":" + (at.getColumn() + 1) + ": ";
        Matcher quoted = QUOTE.matcher(issue.getMessage());
        StringBuilder message = new StringBuilder();
        while (quoted.find()) {
            quoted.appendReplacement(message, Matcher.quoteReplacement("'" + quoted.group(1).substring(0, QUOTED) + "…'"));
        }
        quoted.appendTail(message);
        String text = where + message;
        return text.length() > 300 ? text.substring(0, 299) + "…" : text;
    }
}
