package com.encrata.webhooks.webhook.filter;

/** The result of compiling a filter's text: the filter, or why it was refused. */
public sealed interface Compilation permits EventFilter, Compilation.Refused {

    /** The text does not compile; {@code message} says why, in the parser's or checker's words (shortened). */
    record Refused(String message) implements Compilation {
    }
}
