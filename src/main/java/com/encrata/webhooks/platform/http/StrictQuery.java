package com.encrata.webhooks.platform.http;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.encrata.webhooks.platform.error.InvalidField;

/**
 * Query parameters are never ambiguous: a repeated parameter or an empty value is a 400 naming it,
 * never a silent pick. Everything else about a parameter is declared on the resource method.
 */
public class StrictQuery {

    @ServerRequestFilter
    public void refuseAmbiguousParameters(ContainerRequestContext request) {
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw new InvalidField(parameter.getKey(), "must be given once");
            }
            if (parameter.getValue().get(0).isEmpty()) {
                throw new InvalidField(parameter.getKey(), "must not be empty");
            }
        }
    }
}
