package com.encrata.webhooks.portal;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The management page's security headers on every answer under /portal (the page, its assets and
 * its 404s), and {@code /portal} sent on to {@code /portal/} so the page's relative asset paths
 * resolve. The headers are set when the answer's headers are written, so no later handler (the
 * static files' caching headers included) can drop them.
 */
@ApplicationScoped
public class PortalHeaders {

    static final String PATH = "/portal";
    private static final Pattern UNDER_PORTAL = Pattern.compile("^/portal(/.*)?$");
    /** Between the HTTP edge (first) and the static files. */
    private static final int ORDER = Integer.MIN_VALUE + 10;

    private final String contentSecurityPolicy;

    public PortalHeaders(PortalConfig config) {
        this.contentSecurityPolicy = contentSecurityPolicy(config.frameAncestors());
    }

    /** {@code default-src 'self'} forbids inline scripts and styles; framing only where configured. */
    static String contentSecurityPolicy(Optional<String> frameAncestors) {
        String ancestors = frameAncestors.map(String::trim).filter(s -> !s.isEmpty()).orElse("'none'");
        return "default-src 'self'; frame-ancestors " + ancestors;
    }

    void install(@Observes Router router) {
        router.routeWithRegex(UNDER_PORTAL.pattern()).order(ORDER).handler(this::secure);
    }

    private void secure(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            MultiMap headers = ctx.response().headers();
            headers.set("Content-Security-Policy", contentSecurityPolicy);
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Content-Type-Options", "nosniff");
            // The page is small and must match the API it ships with: revalidate rather than cache for a day.
            headers.set("Cache-Control", "no-cache");
        });
        if (ctx.normalizedPath().equals(PATH)) {
            // Relative, so it also works behind a proxy that mounts the service under a prefix; the
            // browser keeps a #token=... fragment across the redirect.
            ctx.response().setStatusCode(302).putHeader("Location", "portal/").end();
            return;
        }
        ctx.next();
    }
}
