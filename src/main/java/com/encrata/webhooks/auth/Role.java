package com.encrata.webhooks.auth;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a key may do: readonly keys may only read. */
public enum Role {
    ADMIN("admin"),
    TECH("tech"),
    READONLY("readonly");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWire(String name) {
        for (Role role : values()) {
            if (role.wireName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
