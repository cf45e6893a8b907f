package com.encrata.webhooks.webhook.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Compiling filters and evaluating them with a bounded cost, without the application. */
class EventFilterTest {

    private static final EventFilters FILTERS = new EventFilters();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EventFilter compiled(String text) {
        Compilation compilation = FILTERS.compile(text);
        assertThat(compilation).as(text).isInstanceOf(EventFilter.class);
        return (EventFilter) compilation;
    }

    private static String refusal(String text) {
        Compilation compilation = FILTERS.compile(text);
        assertThat(compilation).as(text).isInstanceOf(Compilation.Refused.class);
        return ((Compilation.Refused) compilation).message();
    }

    private static EventFilters.Evaluation evaluate(String filter, String event, String data) throws Exception {
        return FILTERS.evaluate(compiled(filter), FilterInput.of(event, JSON.readTree(data)));
    }

    private static FilterOutcome outcome(String filter, String data) throws Exception {
        return evaluate(filter, "credits.low", data).outcome();
    }

    /** A data object with a list of {@code n} integers, a list of {@code n} strings and a string of {@code chars}. */
    private static String bigData(int n, int chars) {
        StringBuilder json = new StringBuilder("{\"ints\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append(i);
        }
        json.append("],\"words\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("\"w").append(i).append('"');
        }
        return json.append("],\"text\":\"").append("ab".repeat(chars / 2)).append("\",\"n\":5}").toString();
    }

    @Test
    void acceptsBooleanFiltersOverEventAndData() {
        compiled("data.credits_remaining < 100 && data.email.endsWith(\"@acme.com\")");
        compiled("event == \"credits.low\" || has(data.plan)");
        compiled("data.items.exists(i, i.sku == \"X\")");
        compiled("timestamp(data.completed_at) > timestamp(\"2026-01-01T00:00:00Z\")");
    }

    @Test
    void acceptsADynamicResultSinceDataFieldsAreUntyped() {
        compiled("data.verified");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 + 2|must evaluate to a boolean, not int",
            "data|must evaluate to a boolean, not map(string, dyn)",
            "event|must evaluate to a boolean, not string",
            "data.items.map(i, i.sku)|must evaluate to a boolean, not list(dyn)"})
    void refusesNonBooleanTypes(String filter, String message) {
        assertThat(refusal(filter)).isEqualTo(message);
    }

    @Test
    void refusesSyntaxErrorsWithTheParsersMessageAndPosition() {
        assertThat(refusal("data.x >")).startsWith("is not a valid CEL expression: 1:9: ");
        assertThat(refusal("foo == 1")).isEqualTo("is not a valid CEL expression: 1:1: undeclared reference to 'foo' (in container '')");
        assertThat(refusal("data.x ==\n  1 +")).startsWith("is not a valid CEL expression: 2:6: ");
        assertThat(refusal("")).startsWith("is not a valid CEL expression");
    }

    @Test
    void quotesAtMostAFewDozenCharactersOfTheInput() {
        String name = "x".repeat(500);
        String message = refusal(name + " == 1");
        assertThat(message).contains("'" + "x".repeat(32) + "…'").doesNotContain("x".repeat(33));
    }

    @Test
    void refusesFiltersOverAThousandCharacters() {
        assertThat(refusal("true || " + "1 == 1 || ".repeat(100) + "true")).isEqualTo("must be at most 1000 characters");
    }

    @Test
    void refusesDeepNesting() {
        assertThat(refusal("(".repeat(400) + "true" + ")".repeat(400))).startsWith("is not a valid CEL expression");
        assertThat(refusal("[".repeat(450) + "]".repeat(450) + " == []")).startsWith("is not a valid CEL expression");
    }

    @Test
    void cachesCompiledFilters() {
        assertThat(FILTERS.compile("data.a == 1")).isSameAs(FILTERS.compile("data.a == 1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "data.credits_remaining < 100|{\"credits_remaining\": 50}|MATCH",
            "data.credits_remaining < 100|{\"credits_remaining\": 150}|NO_MATCH",
            "data.credits_remaining < 100|{\"credits_remaining\": 99.5}|MATCH",
            "data.credits_remaining < 100.0|{\"credits_remaining\": 50}|MATCH",
            "data.credits_remaining == 50|{\"credits_remaining\": 50.0}|MATCH",
            "data.credits_remaining == 50|{\"credits_remaining\": 50}|MATCH",
            "data.big > 1|{\"big\": 123456789012345678901234567890}|MATCH",
            "type(data.n) == int|{\"n\": 7}|MATCH",
            "type(data.n) == double|{\"n\": 7.0}|MATCH",
            "data.email.endsWith('@acme.com')|{\"email\": \"jane@acme.com\"}|MATCH",
            "data.tags.exists(t, t == 'vip')|{\"tags\": [\"new\", \"vip\"]}|MATCH",
            "data.account.plan == 'growth'|{\"account\": {\"plan\": \"growth\"}}|MATCH",
            "data.note == null|{\"note\": null}|MATCH",
            "data.verified|{\"verified\": true}|MATCH",
            "data.verified|{\"verified\": false}|NO_MATCH",
            "data.verified|{\"verified\": \"yes\"}|ERROR",
            "data.missing > 1|{}|ERROR",
            "data.email.endsWith('x')|{\"email\": 5}|ERROR",
            "has(data.missing)|{}|NO_MATCH",
            "data.n + 9223372036854775807 > 0|{\"n\": 1}|ERROR",
            "timestamp(data.at) < timestamp('2026-06-01T00:00:00Z')|{\"at\": \"2026-05-02T12:00:00Z\"}|MATCH",
            "timestamp(data.at) < timestamp('2026-06-01T00:00:00Z')|{\"at\": \"yesterday\"}|ERROR"})
    void evaluatesOnTheEventsData(String filter, String data, FilterOutcome expected) throws Exception {
        assertThat(outcome(filter, data)).isEqualTo(expected);
    }

    @Test
    void seesTheEventName() throws Exception {
        assertThat(evaluate("event == 'credits.low'", "credits.low", "{}").outcome()).isEqualTo(FilterOutcome.MATCH);
        assertThat(evaluate("event == 'credits.low'", "lookup.completed", "{}").outcome()).isEqualTo(FilterOutcome.NO_MATCH);
    }

    @Test
    void ordinaryFiltersCostLittle() throws Exception {
        EventFilters.Evaluation evaluation = evaluate(
                "data.credits_remaining < 100 && data.email.endsWith(\"@acme.com\")", "credits.low",
                "{\"credits_remaining\": 5, \"email\": \"jane@acme.com\"}");
        assertThat(evaluation.outcome()).isEqualTo(FilterOutcome.MATCH);
        assertThat(evaluation.cost()).isLessThan(20);
    }

    @Test
    void aLoopOverAFewHundredElementsFits() throws Exception {
        assertThat(outcome("data.ints.exists(i, i == 399)", bigData(400, 10))).isEqualTo(FilterOutcome.MATCH);
        assertThat(outcome("data.words.filter(w, w.startsWith('w1')).size() == 111", bigData(400, 10))).isEqualTo(FilterOutcome.MATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // nested comprehensions over a list in data
            "data.ints.all(x, data.ints.all(y, data.ints.all(z, x + y + z >= 0)))",
            "data.words.exists(w, w in data.words && false)",
            "data.ints.exists(x, data.text.contains('zzz'))",
            "data.ints.exists(x, data.text + data.text + data.text == data.text)",
            "data.words.exists(w, data.ints == data.ints && false)",
            "data.ints.exists(x, data.text.matches('a.*b.*c.*d'))",
            "data.ints.exists(x, [data, data, data] == [data, data, data] && false)",
            // a single match over a long text with a big program
            "data.text.matches('(a|b)*(a|b)*(a|b)*(a|b)*(a|b)*(a|b)*(a|b)*(a|b)*(a|b)*(a|b)*c')"})
    void hostileFiltersAreStoppedAtTheCostLimit(String filter) throws Exception {
        EventFilters.Evaluation evaluation = evaluate(filter, "credits.low", bigData(1000, 60_000));
        assertThat(evaluation.outcome()).isEqualTo(FilterOutcome.TOO_COSTLY);
        assertThat(evaluation.cost()).isGreaterThan(EventFilters.COST_LIMIT);
    }

    @Test
    void comprehensionsStopAtCelsIterationLimit() throws Exception {
        EventFilters.Evaluation evaluation = evaluate("data.ints.all(x, true)", "credits.low", bigData(600, 10));
        assertThat(evaluation.outcome()).isEqualTo(FilterOutcome.ERROR);
        assertThat(evaluation.cost()).isLessThan(EventFilters.COST_LIMIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"((a{1000}){1000}){1000}", "(a{100}){100}", "(((a{10}){10}){10}){10}", "[ab]{2,}{999}{999}"})
    void regularExpressionsThatWouldBlowUpAreRefusedBeforeTheyAreCompiled(String pattern) throws Exception {
        EventFilters.Evaluation evaluation = evaluate("data.s.matches(data.p)", "credits.low",
                JSON.writeValueAsString(java.util.Map.of("s", "aaaa", "p", pattern)));
        assertThat(evaluation.outcome()).isEqualTo(FilterOutcome.ERROR);
        assertThat(evaluation.cost()).isLessThan(10);
    }

    @Test
    void regularExpressionsOfAReasonableSizeWork() throws Exception {
        assertThat(outcome("data.email.matches('^[a-z.]+@(acme|example)\\\\.com$')", "{\"email\": \"jane.doe@acme.com\"}"))
                .isEqualTo(FilterOutcome.MATCH);
        assertThat(outcome("data.id.matches('^lu_[0-9a-f]{8}$')", "{\"id\": \"lu_8f3a2c91\"}")).isEqualTo(FilterOutcome.MATCH);
    }
}
