package com.encrata.webhooks.apikey;

import java.util.Optional;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.encrata.webhooks.common.ErrorBody;
import com.encrata.webhooks.event.InternalConfig;
import com.encrata.webhooks.workspace.AdminConfig;

import io.smallrye.mutiny.Uni;

/**
 * Bearer authentication before routing, so that an unknown path under a protected prefix is a 401
 * and a readonly key's write is a 403 whatever the route. API keys work only on /api, the admin
 * token only on /admin and the internal token only on /internal.
 */
public class AuthenticationFilter {

    public static final String FORBIDDEN = "Your role does not allow this action";

    private final ApiKeyRepository keys;
    private final CurrentCaller currentCaller;
    private final LastUsedRecorder lastUsed;
    private final AdminConfig adminConfig;
    private final InternalConfig internalConfig;

    public AuthenticationFilter(ApiKeyRepository keys, CurrentCaller currentCaller, LastUsedRecorder lastUsed,
            AdminConfig adminConfig, InternalConfig internalConfig) {
        this.keys = keys;
        this.currentCaller = currentCaller;
        this.lastUsed = lastUsed;
        this.adminConfig = adminConfig;
        this.internalConfig = internalConfig;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Optional<String> token = BearerToken.from(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (path.equals("/api/health")) {
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
        return keys.findActiveByHash(ApiKeyTokens.hash(token.get())).map(key -> {
            if (key == null) {
                return unauthorized();
            }
            currentCaller.set(Caller.of(key));
            lastUsed.record(key.id);
            boolean reads = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
            return key.role == Role.READONLY && !reads ? forbidden() : null;
        });
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

    private static Response forbidden() {
        return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(FORBIDDEN)).build();
    }
}
