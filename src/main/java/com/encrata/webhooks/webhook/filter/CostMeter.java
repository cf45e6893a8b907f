package com.encrata.webhooks.webhook.filter;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;

/**
 * Counts what one evaluation costs as it goes, and stops it at the limit: a step for every expression
 * evaluated (in every iteration of a comprehension), more for each iteration, plus each call's own cost, charged before
 * the call runs (when CEL reports its last operand). The listener sees values in evaluation order,
 * so the operands' latest values are the ones the call is about to use.
 */
final class CostMeter implements CelEvaluationListener {

    /** Thrown through CEL's interpreter to stop an evaluation at the limit. */
    static final class LimitReached extends RuntimeException {
        LimitReached() {
            super("cost limit reached", null, false, false);
        }
    }

    private final EventFilter filter;
    private final FilterInput input;
    private final long limit;
    private final Object[] values;
    private long spent;

    CostMeter(EventFilter filter, FilterInput input, long limit) {
        this.filter = filter;
        this.input = input;
        this.limit = limit;
        this.values = new Object[filter.lastOperandOf.length];
    }

    long spent() {
        return spent;
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        spent++;
        int id = (int) expr.id();
        if (id >= 0 && id < values.length) {
            values[id] = value;
            if (filter.step[id]) {
                spent += EventFilter.ITERATION;
            }
            int call = filter.lastOperandOf[id];
            if (call >= 0) {
                spent += filter.callCost(call, values, input);
            }
        }
        if (spent > limit) {
            throw new LimitReached();
        }
    }
}
