package com.encrata.webhooks.event.rest;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.common.ErrorMapper;
import com.encrata.webhooks.common.validation.Rfc3339Validator;
import com.encrata.webhooks.event.EventIntake;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.event.ExactJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Intake for other Encrata services (internal token). The body is read as text so that
 * {@code data} can be forwarded exactly as the producer wrote it.
 */
@Path("/internal/events")
@Produces(MediaType.APPLICATION_JSON)
public class InternalEventResource {

    private final EventIntake intake;
    private final ObjectMapper mapper;
    private final Validator validator;

    public InternalEventResource(EventIntake intake, ObjectMapper mapper, Validator validator) {
        this.intake = intake;
        this.mapper = mapper;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<RestResponse<EventIntakeResponse>> accept(String body) throws JsonProcessingException {
        EventIntakeRequest request = body == null || body.isBlank() ? null : mapper.readValue(body, EventIntakeRequest.class);
        if (request == null) {
            throw new ApiException(400, ErrorMapper.BODY_REQUIRED);
        }
        Set<ConstraintViolation<EventIntakeRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        String data = ExactJson.field(mapper.getFactory(), body, "data");
        Instant createdAt = request.createdAt() == null ? Instant.now()
                : Rfc3339Validator.parse(request.createdAt()).orElseThrow().toInstant();
        return intake.accept(UUID.fromString(request.workspaceId()), request.id(),
                EventType.fromWire(request.event()).orElseThrow(), data, createdAt)
                .map(accepted -> RestResponse.status(RestResponse.Status.ACCEPTED,
                        new EventIntakeResponse(accepted.id(), accepted.deliveries())));
    }
}
