package com.encrata.webhooks.intake.api;

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

import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.intake.service.EventIntake;
import com.encrata.webhooks.intake.service.ExactJson;
import com.encrata.webhooks.platform.error.MissingBody;
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
            throw new MissingBody();
        }
        Set<ConstraintViolation<EventIntakeRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        String data = ExactJson.field(mapper.getFactory(), body, "data");
        return intake.accept(UUID.fromString(request.workspaceId()), request.id(),
                EventType.fromWire(request.event()).orElseThrow(), data, request.createdAtOrNow())
                .map(accepted -> RestResponse.status(RestResponse.Status.ACCEPTED,
                        new EventIntakeResponse(accepted.id(), accepted.deliveries())));
    }
}
