package com.encrata.webhooks.webhook.filter;

/**
 * What matching a regular expression costs, reckoned before it is compiled: an upper estimate of its
 * program size read from its text (counted repetitions multiply what they repeat, so
 * {@code ((a{1000}){1000}){1000}}, which RE2J would expand until the heap is gone, is refused
 * unread), times the input it walks. RE2J's time is linear in input and program size.
 */
final class RegexCost {

    /** The largest program a filter may compile (CEL checks the compiled size against it too). */
    static final int MAX_PROGRAM_SIZE = 1_000;
    /** Characters of input that cost one step per instruction of the program. */
    static final int CHARS_PER_STEP = 4;

    private static final long CAP = 1L << 40;

    private RegexCost() {
    }

    /** The pattern's program would be too big: evaluation stops before compiling it. */
    static final class TooBig extends RuntimeException {
        TooBig() {
            super("regular expression too big", null, false, false);
        }
    }

    /** The cost of matching {@code input} against {@code pattern} (both as CEL gives them). */
    static long of(Object input, Object pattern) {
        if (!(input instanceof String s) || !(pattern instanceof String p)) {
            return 0;
        }
        long size = programSize(p);
        if (size > MAX_PROGRAM_SIZE) {
            throw new TooBig();
        }
        return size + (s.length() / CHARS_PER_STEP + 1) * size;
    }

    static long programSize(String pattern) {
        java.util.ArrayDeque<long[]> groups = new java.util.ArrayDeque<>();
        long current = 0;
        long last = 0;
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            long atom = 1;
            switch (c) {
                case '\\' -> {
                    if (i + 2 < n && "pPx".indexOf(pattern.charAt(i + 1)) >= 0 && pattern.charAt(i + 2) == '{') {
                        int close = pattern.indexOf('}', i + 2);
                        i = close < 0 ? n : close;
                    } else {
                        i++;
                    }
                }
                case '[' -> i = classEnd(pattern, i);
                case '(' -> {
                    groups.push(new long[] {current});
                    current = 0;
                    last = 0;
                    continue;
                }
                case ')' -> {
                    atom = current + 1;
                    current = groups.isEmpty() ? 0 : groups.pop()[0];
                }
                case '{' -> {
                    int close = pattern.indexOf('}', i);
                    long times = close < 0 ? -1 : repeat(pattern.substring(i + 1, close));
                    if (times >= 0) {
                        current = Math.min(CAP, current - last + Math.min(CAP, last * Math.max(1, times)));
                        last = Math.min(CAP, last * Math.max(1, times));
                        i = close;
                        continue;
                    }
                }
                case '*', '+', '?', '|' -> {
                    current = Math.min(CAP, current + 1);
                    if (c == '|') {
                        last = 0;
                    }
                    continue;
                }
                default -> {
                }
            }
            current = Math.min(CAP, current + atom);
            last = atom;
        }
        while (!groups.isEmpty()) {
            current = Math.min(CAP, current + groups.pop()[0]);
        }
        return current;
    }

    /** The largest count of a repetition's body ({@code 3}, {@code 2,5}, {@code 2,}), or -1 when it is none. */
    private static long repeat(String body) {
        if (!body.matches("\\d{1,9}(,\\d{0,9})?")) {
            return -1;
        }
        int comma = body.indexOf(',');
        if (comma < 0) {
            return Long.parseLong(body);
        }
        String max = body.substring(comma + 1);
        return max.isEmpty() ? Long.parseLong(body.substring(0, comma)) + 1 : Math.max(Long.parseLong(max),
                Long.parseLong(body.substring(0, comma)));
    }

    /** Where the character class opened at {@code open} ends. */
    private static int classEnd(String pattern, int open) {
        int i = open + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return pattern.length();
    }
}
