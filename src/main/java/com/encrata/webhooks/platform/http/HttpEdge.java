package com.encrata.webhooks.platform.http;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * What every HTTP answer gets before any resource runs: an {@code X-Request-Id}, the 413 for an
 * oversized body (checked before authentication), and JSON 404s for paths no resource serves.
 */
@ApplicationScoped
public class HttpEdge {

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String REQUEST_ID_KEY = "encrata.request-id";
    public static final String REQUEST_ID_MDC = "requestId";
    private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String JSON = "application/json";

    private final long maxBodySize;

    public HttpEdge(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::edge).failureHandler(this::tooLargeFailure);
        // A body without a length is read here first, so that one over the limit gets the JSON 413 too.
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodySize);
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null
                    && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                chunkedBodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.route().last().handler(ctx -> end(ctx, 404, "{\"error\":\"Not found\"}"));
        // The router refuses a URI it cannot decode before any route runs; say why in JSON.
        router.errorHandler(400, ctx -> end(ctx, 400, "{\"error\":\"" + RequestUris.problemOrBadRequest(ctx.request().uri()) + "\"}"));
    }

    private void edge(RoutingContext ctx) {
        String offered = ctx.request().getHeader(REQUEST_ID);
        String requestId = offered != null && SANE_REQUEST_ID.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
        ctx.put(REQUEST_ID_KEY, requestId);
        // Kept on the request's own Vert.x context, so every log line of this request carries it.
        MDC.put(REQUEST_ID_MDC, requestId);
        ctx.response().putHeader(REQUEST_ID, requestId);
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(length)) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            end(ctx, 413, "{\"error\":\"Request body is too large\"}");
            return;
        }
        String uriProblem = RequestUris.problem(ctx.request().uri());
        if (uriProblem != null) {
            end(ctx, uriProblem.equals(RequestUris.TOO_LONG) ? 414 : 400, "{\"error\":\"" + uriProblem + "\"}");
            return;
        }
        ctx.next();
    }

    /** A chunked body over the limit is only found out while reading it; answer that in JSON too. */
    private void tooLargeFailure(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            end(ctx, 413, "{\"error\":\"Request body is too large\"}");
        } else {
            ctx.next();
        }
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void end(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
    }
}
