package com.encrata.webhooks.webhook.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.encrata.webhooks.webhook.filter.EventFilter;
import com.encrata.webhooks.webhook.filter.EventFilters;
import com.encrata.webhooks.webhook.filter.FilterInput;

import io.smallrye.mutiny.Uni;

/** POST /api/webhooks/filter-test: evaluates a filter on an event exactly as fan-out does. */
@Path("/api/webhooks/filter-test")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
public class FilterTestResource {

    private final EventFilters filters;

    public FilterTestResource(EventFilters filters) {
        this.filters = filters;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Test a filter on an event",
            description = "Evaluates the filter on the event as fan-out would: an evaluation error (a missing field, a "
                    + "wrong type, the cost limit) does not match.")
    @APIResponse(responseCode = "200", description = "Whether the event matches",
            content = @Content(schema = @Schema(implementation = FilterTestResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public Uni<FilterTestResponse> test(@NotNull @Valid FilterTestRequest request) {
        return Uni.createFrom().item(() -> {
            // The validator compiled it; this is a cache hit. Its cost is bounded like at fan-out.
            EventFilter filter = (EventFilter) filters.compile(request.filter());
            FilterInput input = FilterInput.of(request.event(), request.data());
            return new FilterTestResponse(filters.evaluate(filter, input).outcome().matches());
        });
    }
}
