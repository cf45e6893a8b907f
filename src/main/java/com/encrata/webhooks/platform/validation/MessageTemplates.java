package com.encrata.webhooks.platform.validation;

/**
 * Bean Validation reads a violation's message as a template: {@code {key}} is looked up and
 * {@code ${...}} is an expression. A message that carries words from the request (a parser's error
 * quoting the input) must be escaped so that it comes out exactly as written.
 */
public final class MessageTemplates {

    private MessageTemplates() {
    }

    /** A template whose interpolation is {@code message} itself. */
    public static String literal(String message) {
        StringBuilder template = new StringBuilder(message.length() + 8);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\\' || c == '{' || c == '}' || c == '$') {
                template.append('\\');
            }
            template.append(c);
        }
        return template.toString();
    }
}
