package com.encrata.webhooks.webhook.filter;

import java.util.Arrays;
import java.util.Set;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelRuntime;

/**
 * A filter that compiled: its program and what evaluating each of its calls costs. An iteration of a
 * comprehension costs {@link #ITERATION} steps more than the expressions it evaluates (a new scope
 * each time, several times the cost of an expression in CEL's interpreter). Calls are charged
 * before they run, when their last operand has been evaluated, from the sizes of their operands: a
 * call that walks a string or a list pays for it ({@code contains}, {@code ==}, {@code in} on a list,
 * {@code +}), a regular expression pays for its input times its program size and is refused before
 * it is compiled when that program would be too big. Thread-safe: evaluations share nothing.
 */
public final class EventFilter implements Compilation {

    /** Calls that cost one step whatever their operands. */
    private static final Set<String> CONSTANT = Set.of("_&&_", "_||_", "_?_:_", "!_", "@not_strictly_false",
            "not_strictly_false", "_[_]", "type", "dyn", "-_");

    /** Extra steps an iteration of a comprehension costs. */
    static final int ITERATION = 2;

    static final byte NONE = 0;
    static final byte FLAT = 1;
    static final byte LINEAR = 2;
    static final byte SIZE = 3;
    static final byte IN = 4;
    static final byte REGEX = 5;

    private final String text;
    final CelRuntime.Program program;
    /** By expression id: the call whose last operand it is, or -1. */
    final int[] lastOperandOf;
    /** By call id: the ids of its operands (the target first), or null. */
    final int[][] operands;
    /** By call id: how it is charged. */
    final byte[] kind;
    /** By expression id: whether it is a comprehension's step, evaluated once per iteration. */
    final boolean[] step;

    EventFilter(String text, CelExpr root, CelRuntime.Program program) {
        this.text = text;
        this.program = program;
        int size = (int) maxId(root) + 1;
        this.lastOperandOf = new int[size];
        Arrays.fill(lastOperandOf, -1);
        this.operands = new int[size][];
        this.kind = new byte[size];
        this.step = new boolean[size];
        plan(root, null);
    }

    /** The filter's text. */
    public String text() {
        return text;
    }

    /** The cost of the call {@code id}, its operands having just been evaluated to {@code values}. */
    long callCost(int id, Object[] values, FilterInput input) {
        int[] ops = operands[id];
        switch (kind[id]) {
            case LINEAR -> {
                long cost = 0;
                for (int op : ops) {
                    cost += input.sizeOf(values[op]);
                }
                return cost;
            }
            case SIZE -> {
                return values[ops[0]] instanceof String s ? input.sizeOf(s) : 0;
            }
            case IN -> {
                return values[ops[1]] instanceof java.util.Map ? 0 : input.sizeOf(values[ops[1]]);
            }
            case REGEX -> {
                return RegexCost.of(values[ops[0]], values[ops[1]]);
            }
            default -> {
                return 0;
            }
        }
    }

    private void plan(CelExpr e, String accumulator) {
        switch (e.getKind()) {
            case CALL -> {
                CelExpr.CelCall call = e.call();
                int count = call.args().size() + (call.target().isPresent() ? 1 : 0);
                int[] ids = new int[count];
                int i = 0;
                if (call.target().isPresent()) {
                    ids[i++] = (int) call.target().get().id();
                    plan(call.target().get(), accumulator);
                }
                for (CelExpr arg : call.args()) {
                    ids[i++] = (int) arg.id();
                    plan(arg, accumulator);
                }
                int id = (int) e.id();
                operands[id] = ids;
                kind[id] = kindOf(call, accumulator);
                if (count > 0 && kind[id] != FLAT) {
                    lastOperandOf[ids[count - 1]] = id;
                }
            }
            case SELECT -> plan(e.select().operand(), accumulator);
            case LIST -> e.list().elements().forEach(x -> plan(x, accumulator));
            case MAP -> e.map().entries().forEach(x -> {
                plan(x.key(), accumulator);
                plan(x.value(), accumulator);
            });
            case STRUCT -> e.struct().entries().forEach(x -> plan(x.value(), accumulator));
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = e.comprehension();
                plan(c.iterRange(), accumulator);
                plan(c.accuInit(), accumulator);
                plan(c.loopCondition(), c.accuVar());
                plan(c.loopStep(), c.accuVar());
                step[(int) c.loopStep().id()] = true;
                plan(c.result(), accumulator);
            }
            default -> {
            }
        }
    }

    private static byte kindOf(CelExpr.CelCall call, String accumulator) {
        String function = call.function();
        if (CONSTANT.contains(function)) {
            return FLAT;
        }
        // A comprehension's own step (map and filter append to their result): the list is not copied.
        if (function.equals("_+_") && accumulator != null && call.args().size() == 2
                && call.args().get(0).getKind() == CelExpr.ExprKind.Kind.IDENT
                && call.args().get(0).ident().name().equals(accumulator)) {
            return FLAT;
        }
        int count = call.args().size() + (call.target().isPresent() ? 1 : 0);
        return switch (function) {
            case "size" -> count == 1 ? SIZE : LINEAR;
            case "@in" -> count == 2 ? IN : LINEAR;
            case "matches" -> count == 2 ? REGEX : LINEAR;
            default -> LINEAR;
        };
    }

    private static long maxId(CelExpr e) {
        long max = e.id();
        switch (e.getKind()) {
            case CALL -> {
                if (e.call().target().isPresent()) {
                    max = Math.max(max, maxId(e.call().target().get()));
                }
                for (CelExpr arg : e.call().args()) {
                    max = Math.max(max, maxId(arg));
                }
            }
            case SELECT -> max = Math.max(max, maxId(e.select().operand()));
            case LIST -> {
                for (CelExpr x : e.list().elements()) {
                    max = Math.max(max, maxId(x));
                }
            }
            case MAP -> {
                for (CelExpr.CelMap.Entry x : e.map().entries()) {
                    max = Math.max(max, Math.max(x.id(), Math.max(maxId(x.key()), maxId(x.value()))));
                }
            }
            case STRUCT -> {
                for (CelExpr.CelStruct.Entry x : e.struct().entries()) {
                    max = Math.max(max, Math.max(x.id(), maxId(x.value())));
                }
            }
            case COMPREHENSION -> {
                CelExpr.CelComprehension c = e.comprehension();
                for (CelExpr x : new CelExpr[] {c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result()}) {
                    max = Math.max(max, maxId(x));
                }
            }
            default -> {
            }
        }
        return max;
    }
}
