package com.encrata.webhooks.platform.error;

import java.util.Optional;

/**
 * A feature's own wording for a JSON value of the wrong type at a path of its request bodies (say,
 * a number where an event name belongs), so the answer reads like its bean-validation message.
 */
public interface WrongTypeMessages {

    /** The message for a wrong-typed value at {@code path} ({@code events[2]}), if this feature words it. */
    Optional<String> forPath(String path);
}
