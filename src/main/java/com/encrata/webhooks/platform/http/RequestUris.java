package com.encrata.webhooks.platform.http;

import java.net.URI;
import java.net.URISyntaxException;

import com.encrata.webhooks.platform.net.PercentEncoding;

/**
 * What a request URI may not be, checked on the raw request line before anything decodes it: longer
 * than 8 KiB, holding a {@code %} that does not start two hex digits, carrying {@code ;} matrix
 * parameters in its path (no route of this API takes them, and a framework would silently drop them),
 * or anything else {@link URI} refuses.
 */
final class RequestUris {

    static final int MAX_LENGTH = 8192;
    static final String TOO_LONG = "Request URI is too long";
    static final String MALFORMED_ESCAPE = "Malformed URL: a % must start two hex digits";
    static final String MATRIX_PARAMETER = "Malformed URL: the path must not contain ';' parameters";
    static final String NOT_A_URI = "Malformed URL";

    private RequestUris() {
    }

    /** The error sentence for a request the router could not take: what is wrong with its URI. */
    static String problemOrBadRequest(String uri) {
        String problem = uri == null ? null : problem(uri);
        return problem != null ? problem : "Bad request";
    }

    /** The error sentence for {@code uri}, or null when it is acceptable. */
    static String problem(String uri) {
        if (uri.length() > MAX_LENGTH) {
            return TOO_LONG;
        }
        if (!PercentEncoding.isWellFormed(uri)) {
            return MALFORMED_ESCAPE;
        }
        int query = uri.indexOf('?');
        int semicolon = uri.indexOf(';');
        if (semicolon >= 0 && (query < 0 || semicolon < query)) {
            return MATRIX_PARAMETER;
        }
        try {
            new URI(uri);
            return null;
        } catch (URISyntaxException e) {
            return NOT_A_URI;
        }
    }
}
