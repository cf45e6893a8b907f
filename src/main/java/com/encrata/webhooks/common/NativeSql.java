package com.encrata.webhooks.common;

/**
 * One SQL text for both ways the service runs a statement: the SQL client takes {@code $1}, a
 * Hibernate native query (inside a Panache transaction) takes named parameters, here {@code :p1}.
 */
public final class NativeSql {

    private NativeSql() {
    }

    public static String named(String positionalSql) {
        return positionalSql.replaceAll("\\$(\\d+)", ":p$1");
    }

    public static String parameter(int position) {
        return "p" + position;
    }
}
