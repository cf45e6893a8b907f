package com.encrata.webhooks.platform.error;

/** Java names to the snake_case keys of the API. */
public final class JsonNames {

    private JsonNames() {
    }

    public static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
