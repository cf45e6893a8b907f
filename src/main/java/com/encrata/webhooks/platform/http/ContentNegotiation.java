package com.encrata.webhooks.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.encrata.webhooks.platform.error.ErrorBody;

/**
 * Answers are always JSON whatever {@code Accept} says (never a 406), and a body needs a JSON
 * content type (a {@code Content-Type} on a request without a body is ignored).
 */
public class ContentNegotiation {

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void ignoreAcceptAndBodylessContentType(ContainerRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        if (!hasBody(request)) {
            // Whatever a bodyless request declares, there is nothing to decode: read it as empty JSON.
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }

    @ServerRequestFilter
    public Response requireJsonBody(ContainerRequestContext request) {
        if (hasBody(request) && !isJson(request.getMediaType())) {
            return Response.status(415).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorBody.of("Content-Type must be application/json")).build();
        }
        return null;
    }

    private static boolean isJson(MediaType type) {
        return type != null && "application".equalsIgnoreCase(type.getType()) && "json".equalsIgnoreCase(type.getSubtype());
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }
}
