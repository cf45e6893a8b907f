package com.encrata.webhooks.delivery.rest;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.encrata.webhooks.apikey.CurrentCaller;
import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.common.Ids;
import com.encrata.webhooks.common.QueryParams;
import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.delivery.DeliveryService;
import com.encrata.webhooks.webhook.rest.IdRequest;

import io.smallrye.mutiny.Uni;

/** The delivery log of a webhook and manual redelivery, under /api/webhooks/deliveries. */
@Path("/api/webhooks/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deliveries")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
@APIResponse(responseCode = "503", ref = "Unavailable")
public class DeliveryResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    private final DeliveryService service;
    private final CurrentCaller caller;

    public DeliveryResource(DeliveryService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List a webhook's deliveries", description = "Newest first; 50 unless limit says otherwise.")
    @Parameter(name = "webhook_id", required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @Parameter(name = "limit", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "50"))
    @Parameter(name = "status", schema = @Schema(enumeration = {"pending", "success", "failed"}))
    @APIResponse(responseCode = "200", description = "The deliveries",
            content = @Content(schema = @Schema(implementation = DeliveryResponse[].class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<List<DeliveryResponse>> list(@Context UriInfo uri) {
        UUID webhookId = Ids.require("webhook_id", QueryParams.required(uri, "webhook_id"));
        int limit = QueryParams.optional(uri, "limit").map(DeliveryResource::limit).orElse(DEFAULT_LIMIT);
        String status = QueryParams.optional(uri, "status").map(DeliveryResource::status).orElse(null);
        return service.list(caller.get(), webhookId, status, limit)
                .map(list -> list.stream().map(DeliveryResponse::of).toList());
    }

    @POST
    @Path("/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeliver", description = "One manual attempt now; on failure the delivery is failed again.")
    @APIResponse(responseCode = "202", description = "Requeued",
            content = @Content(schema = @Schema(implementation = RedeliverResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<RedeliverResponse>> redeliver(@NotNull @Valid IdRequest request) {
        return service.redeliver(caller.get(), UUID.fromString(request.id())).map(d -> RestResponse.status(
                RestResponse.Status.ACCEPTED, new RedeliverResponse(d.id, Delivery.PENDING)));
    }

    private static int limit(String value) {
        if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(value);
    }

    private static String status(String value) {
        if (!List.of(Delivery.PENDING, Delivery.SUCCESS, Delivery.FAILED).contains(value)) {
            throw ApiException.badRequest("status", "must be one of: pending, success, failed");
        }
        return value;
    }
}
