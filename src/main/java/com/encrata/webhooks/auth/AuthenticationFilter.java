package com.encrata.webhooks.auth;

import java.util.Optional;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.encrata.webhooks.auth.repository.KeyLookup;
import com.encrata.webhooks.platform.error.ErrorBody;

import io.smallrye.mutiny.Uni;

/**
 * Bearer authentication before routing, in the order the contract sets: 401, then 429 (rate limit
 * on /api/webhooks/**), then 403 (readonly keys may only read), and only then the route. API keys
 * work only on /api, the admin token only on /admin and the internal token only on /internal.
 */
public class AuthenticationFilter {

    public static final String FORBIDDEN = "Your role does not allow this action";
    public static final String RATE_LIMITED = "Rate limit exceeded. Please try again later.";
    private static final String WINDOW = "encrata.rate-window";

    private final KeyLookup lookup;
    private final KeyCache keyCache;
    private final CurrentCaller currentCaller;
    private final LastUsedRecorder lastUsed;
    private final AdminConfig adminConfig;
    private final InternalConfig internalConfig;
    private final RateLimitConfig rateLimit;
    private final PortalSessionConfig portalConfig;

    public AuthenticationFilter(KeyLookup lookup, KeyCache keyCache, CurrentCaller currentCaller, LastUsedRecorder lastUsed,
            AdminConfig adminConfig, InternalConfig internalConfig, RateLimitConfig rateLimit,
            PortalSessionConfig portalConfig) {
        this.portalConfig = portalConfig;
        this.lookup = lookup;
        this.keyCache = keyCache;
        this.currentCaller = currentCaller;
        this.lastUsed = lastUsed;
        this.adminConfig = adminConfig;
        this.internalConfig = internalConfig;
        this.rateLimit = rateLimit;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Optional<String> token = BearerToken.from(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (path.equals("/api/health")
                && (HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()))) {
            return Uni.createFrom().nullItem();
        }
        if (underPrefix(path, "/admin")) {
            return staticToken(token, adminConfig.token());
        }
        if (underPrefix(path, "/internal")) {
            return staticToken(token, internalConfig.token());
        }
        if (!underPrefix(path, "/api")) {
            return Uni.createFrom().nullItem();
        }
        if (token.isEmpty() || !ApiKeyTokens.wellFormed(token.get())) {
            return Uni.createFrom().item(unauthorized());
        }
        boolean portal = ApiKeyTokens.isPortal(token.get());
        boolean limited = underPrefix(path, "/api/webhooks");
        double window = rateLimit.window().toMillis() / 1000.0;
        byte[] hash = ApiKeyTokens.hash(token.get());
        var found = portal
                ? lookup.authenticatePortal(hash, limited ? portalConfig.rateLimitPerMinute() : 0, window)
                : limited && rateLimit.perMinute() > 0
                        ? lookup.authenticate(hash, rateLimit.perMinute(), window)
                        : keyCache.authenticate(hash);
        return found.map(auth -> {
                    if (auth == null) {
                        return unauthorized();
                    }
                    currentCaller.set(auth.caller());
                    if (!portal) {
                        lastUsed.record(auth.keyId());
                    }
                    if (auth.window() != null) {
                        request.setProperty(WINDOW, auth.window());
                        if (auth.window().exceeded()) {
                            return error(429, RATE_LIMITED);
                        }
                    }
                    String method = request.getMethod();
                    boolean reads = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
                    return auth.caller().role() == Role.READONLY && !reads ? error(403, FORBIDDEN) : null;
                });
    }

    /** Every authenticated answer under a rate-limited path says where the key stands. */
    @ServerResponseFilter
    public void rateLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(WINDOW) instanceof RateWindow window) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle("X-RateLimit-Limit", window.limit());
            headers.putSingle("X-RateLimit-Remaining", window.remaining());
            headers.putSingle("X-RateLimit-Reset", window.reset());
            if (window.exceeded()) {
                headers.putSingle(HttpHeaders.RETRY_AFTER, window.retryAfter());
            }
        }
    }

    private static Uni<Response> staticToken(Optional<String> presented, Optional<String> expected) {
        boolean ok = presented.isPresent() && BearerToken.matches(expected, presented.get());
        return Uni.createFrom().item(ok ? null : unauthorized());
    }

    private static boolean underPrefix(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    static Response unauthorized() {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"encrata\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("Unauthorized"))
                .build();
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(message)).build();
    }
}
