package com.encrata.webhooks.platform.error;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.encrata.webhooks.platform.http.AllowedMethods;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure into the {@code {"error": ...}} body: domain errors, bean validation,
 * malformed JSON, framework-made 404/405/415, database outages (503) and bugs (500). Exception
 * messages are never echoed: only texts written here reach the client.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    static final String UNSUPPORTED_MEDIA_TYPE = "Content-Type must be application/json";
    public static final String BODY_REQUIRED = "Request body must be a JSON object";

    private final JsonErrors jsonErrors;

    public ErrorMapper(JsonErrors jsonErrors) {
        this.jsonErrors = jsonErrors;
    }

    @ServerExceptionMapper
    public Response domain(DomainException e) {
        if (e instanceof NotFound) {
            return json(404, ErrorBody.of(e.getMessage()));
        }
        if (e instanceof Conflict) {
            return json(409, ErrorBody.of(e.getMessage()));
        }
        if (e instanceof Forbidden) {
            return json(403, ErrorBody.of(e.getMessage()));
        }
        if (e instanceof InvalidField invalid) {
            return json(400, ErrorBody.of(ErrorBody.VALIDATION_FAILED, List.of(invalid.detail())));
        }
        return json(400, ErrorBody.of(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<FieldError> details = new ArrayList<>();
        boolean bodyMissing = false;
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            String field = fieldOf(violation.getPropertyPath());
            if (field.isEmpty() || isMissingBody(violation)) {
                bodyMissing = true;
            } else {
                details.add(new FieldError(field, violation.getMessage()));
            }
        }
        if (bodyMissing) {
            return json(400, ErrorBody.of(BODY_REQUIRED));
        }
        details.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return json(400, ErrorBody.of(ErrorBody.VALIDATION_FAILED, details));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return jsonErrors.toResponse(e);
    }

    @ServerExceptionMapper
    public Response wrongJsonType(MismatchedInputException e) {
        return jsonErrors.toResponse(e);
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e) {
        return jsonErrors.toResponse(e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, ErrorBody.of("Not found"));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Response.ResponseBuilder builder = Response.status(405).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of("Method not allowed"));
        AllowedMethods.forPath(uri.getPath()).ifPresent(allow -> builder.header(HttpHeaders.ALLOW, allow));
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return json(415, ErrorBody.of(UNSUPPORTED_MEDIA_TYPE));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return jsonErrors.toResponse(json);
            }
        }
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return json(413, ErrorBody.of("Request body is too large"));
        }
        if (status >= 400 && status < 500) {
            return json(status, ErrorBody.of(status == 400 ? "Bad request" : "Request refused"));
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // e.g. a malformed %-escape in the query string; its message holds the URL: never log it.
            if (t instanceof io.vertx.ext.web.handler.HttpException http && http.getStatusCode() < 500) {
                return json(400, ErrorBody.of("Bad request"));
            }
            if (t instanceof DomainException domain) {
                return domain(domain);
            }
            if (t instanceof JsonProcessingException json) {
                return jsonErrors.toResponse(json);
            }
        }
        if (DatabaseErrors.isUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.getClass().getSimpleName());
            return json(503, ErrorBody.of("Service temporarily unavailable"));
        }
        LOG.error("Unhandled failure", e);
        return json(500, ErrorBody.of("Internal server error"));
    }

    static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** A {@code @NotNull} on a resource method's body parameter: the request came without a body. */
    private static boolean isMissingBody(ConstraintViolation<?> violation) {
        Path.Node leaf = null;
        for (Path.Node node : violation.getPropertyPath()) {
            leaf = node;
        }
        return leaf != null && leaf.getKind() == ElementKind.PARAMETER
                && violation.getConstraintDescriptor().getAnnotation() instanceof jakarta.validation.constraints.NotNull;
    }

    /**
     * The JSON path of a violation ({@code events[1]}) in a body; the parameter's name for a query
     * or path parameter ({@code webhook_id}); "" when it concerns the whole body.
     */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        boolean inBody = false;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = JsonNames.snake(node.getName());
            } else if (node.getKind() == ElementKind.PROPERTY) {
                inBody = true;
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(JsonNames.snake(node.getName()));
            } else if (inBody && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (inBody && node.getKey() != null) {
                // A map entry, e.g. headers.X-Env: the key as sent.
                field.append('.').append(node.getKey());
            }
        }
        return inBody || parameter == null ? field.toString() : parameter;
    }
}
