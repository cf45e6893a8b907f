package com.encrata.webhooks.webhook.rest;

import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
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
import com.encrata.webhooks.common.idempotency.IdempotentCreates;
import com.encrata.webhooks.common.validation.Rfc3339Validator;
import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.delivery.DeliveryService;
import com.encrata.webhooks.delivery.WebhookTester;
import com.encrata.webhooks.delivery.rest.RecoverRequest;
import com.encrata.webhooks.delivery.rest.RequeuedResponse;
import com.encrata.webhooks.delivery.rest.TestResponse;
import com.encrata.webhooks.webhook.service.NewWebhook;
import com.encrata.webhooks.webhook.service.WebhookChanges;
import com.encrata.webhooks.webhook.service.WebhookService;
import com.encrata.webhooks.webhook.validation.WebhookUrlPolicy;

import io.smallrye.mutiny.Uni;

/** The public webhook API under /api/webhooks. */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
@APIResponse(responseCode = "503", ref = "Unavailable")
public class WebhookResource {

    private final WebhookService service;
    private final CurrentCaller caller;
    private final DeliveryConfig deliveryConfig;
    private final WebhookTester tester;
    private final DeliveryService deliveries;
    private final IdempotentCreates idempotency;

    public WebhookResource(WebhookService service, CurrentCaller caller, DeliveryConfig deliveryConfig,
            WebhookTester tester, DeliveryService deliveries, IdempotentCreates idempotency) {
        this.idempotency = idempotency;
        this.service = service;
        this.caller = caller;
        this.deliveryConfig = deliveryConfig;
        this.tester = tester;
        this.deliveries = deliveries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a webhook", description = "Answers the webhook with its signing secret, shown only here.")
    @APIResponse(responseCode = "201", description = "Created; Location names the webhook",
            content = @Content(schema = @Schema(implementation = CreatedWebhookResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<CreatedWebhookResponse>> create(
            @Parameter(description = "Makes a retried create safe: the same key and body within 24 h replay the answer")
            @HeaderParam(IdempotentCreates.HEADER) String idempotencyKey,
            @NotNull @Valid CreateWebhookRequest request) {
        NewWebhook webhook = new NewWebhook(request.url(), urlKey(request.url()), request.eventTypes(),
                request.normalisedDescription(), request.isActive() == null || request.isActive());
        return idempotency.run(caller.get().workspaceId(), idempotencyKey, "POST /api/webhooks", request,
                CreatedWebhookResponse.class, () -> service.create(caller.get(), webhook)
                        .map(created -> RestResponse.ResponseBuilder
                                .create(RestResponse.Status.CREATED, CreatedWebhookResponse.of(created))
                                .header(HttpHeaders.LOCATION, "/api/webhooks?id=" + created.webhook().id)
                                .build()));
    }

    @GET
    @Operation(summary = "List webhooks, or get one with ?id=",
            description = "Without id: every webhook of the workspace, newest first, as a JSON array. With id: that webhook.")
    @Parameter(name = "id", description = "A webhook id", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "200", description = "An array of webhooks, or one webhook when id is given",
            content = @Content(schema = @Schema(oneOf = {WebhookResponse[].class, WebhookResponse.class})))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<Object> listOrGet(@Context UriInfo uri) {
        Optional<String> id = QueryParams.optional(uri, "id");
        if (id.isPresent()) {
            return service.get(caller.get(), Ids.require("id", id.get())).map(WebhookResponse::of);
        }
        return service.list(caller.get()).map(list -> list.stream().map(WebhookResponse::of).toList());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a webhook", description = "id and url are required; omitted or null fields keep their value.")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(schema = @Schema(implementation = StatusResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<StatusResponse> update(@NotNull @Valid UpdateWebhookRequest request) {
        WebhookChanges changes = new WebhookChanges(request.url(), urlKey(request.url()), request.eventTypes(),
                request.description(), request.isActive());
        return service.update(caller.get(), UUID.fromString(request.id()), changes)
                .replaceWith(new StatusResponse("updated"));
    }

    @DELETE
    @Operation(summary = "Delete a webhook", description = "The id comes in the JSON body or as ?id=. Its delivery history goes with it.")
    @Parameter(name = "id", description = "A webhook id (instead of the body)",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@Context UriInfo uri, @Valid DeleteWebhookRequest request) {
        Optional<String> fromQuery = QueryParams.optional(uri, "id");
        Optional<String> fromBody = Optional.ofNullable(request).map(DeleteWebhookRequest::id);
        if (fromQuery.isPresent() && fromBody.isPresent()
                && !fromQuery.get().equalsIgnoreCase(fromBody.get())) {
            throw ApiException.badRequest("id", "must not differ between the body and the query");
        }
        String id = fromBody.or(() -> fromQuery).orElseThrow(() -> ApiException.badRequest("id", "is required"));
        return service.delete(caller.get(), Ids.require("id", id)).replaceWith(RestResponse.noContent());
    }

    @POST
    @Path("/rotate-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rotate a webhook's signing secret",
            description = "The new secret signs X-Encrata-Signature at once; the old one keeps signing webhook-signature for 24 h.")
    @APIResponse(responseCode = "200", description = "The new secret, shown only here",
            content = @Content(schema = @Schema(implementation = RotatedSecretResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RotatedSecretResponse> rotateSecret(@NotNull @Valid IdRequest request) {
        return service.rotateSecret(caller.get(), UUID.fromString(request.id())).map(RotatedSecretResponse::of);
    }

    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a test event",
            description = "One synchronous attempt, also on a paused webhook. Always 200: status says sent or failed.")
    @APIResponse(responseCode = "200", description = "The attempt's outcome",
            content = @Content(schema = @Schema(implementation = TestResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<TestResponse> test(@NotNull @Valid IdRequest request) {
        return tester.test(caller.get(), UUID.fromString(request.id())).map(TestResponse::of);
    }

    @POST
    @Path("/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recover failed deliveries",
            description = "Requeues every failed delivery created since the given time, spread out.")
    @APIResponse(responseCode = "202", description = "How many deliveries were requeued",
            content = @Content(schema = @Schema(implementation = RequeuedResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<RequeuedResponse>> recover(@NotNull @Valid RecoverRequest request) {
        var since = Rfc3339Validator.parse(request.since()).orElseThrow().toInstant();
        return deliveries.recover(caller.get(), UUID.fromString(request.id()), since)
                .map(n -> RestResponse.status(RestResponse.Status.ACCEPTED, new RequeuedResponse(n)));
    }

    private String urlKey(String url) {
        return WebhookUrlPolicy.check(url, deliveryConfig.allowPrivateTargets()).key();
    }
}
