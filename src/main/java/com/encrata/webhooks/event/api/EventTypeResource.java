package com.encrata.webhooks.event.api;

import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.encrata.webhooks.event.EventType;

/** GET /api/event-types: the events a webhook can subscribe to, with what they mean and an example. */
@Path("/api/event-types")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Event types")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "503", ref = "Unavailable")
public class EventTypeResource {

    private static final List<EventTypeResponse> ALL = Arrays.stream(EventType.values()).map(EventTypeResponse::of).toList();

    @GET
    @Operation(summary = "List the event types", description = "The five Encrata events, then the service's four operational events (webhook.failing, webhook.recovered, webhook.disabled, delivery.exhausted), each with a description and an example data object.")
    @APIResponse(responseCode = "200", description = "The event types",
            content = @Content(schema = @Schema(implementation = EventTypeResponse[].class)))
    public List<EventTypeResponse> list() {
        return ALL;
    }
}
