package com.encrata.webhooks.webhook.api;

import java.util.List;
import java.util.Map;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import com.encrata.webhooks.auth.CurrentCaller;
import com.encrata.webhooks.platform.api.IdRequest;
import com.encrata.webhooks.platform.error.InvalidField;
import com.encrata.webhooks.platform.idempotency.IdempotentCreates;
import com.encrata.webhooks.platform.validation.Uuid;
import com.encrata.webhooks.webhook.service.EndpointOptions;
import com.encrata.webhooks.webhook.service.NewWebhook;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.service.WebhookChanges;
import com.encrata.webhooks.webhook.service.WebhookService;

import io.smallrye.mutiny.Uni;

/** The webhook API under /api/webhooks: create, list or get, update, delete, rotate the secret. */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
@APIResponse(responseCode = "503", ref = "Unavailable")
public class WebhookResource {

    private final WebhookService service;
    private final CurrentCaller caller;
    private final IdempotentCreates idempotency;
    private final EndpointOptions options;

    public WebhookResource(WebhookService service, CurrentCaller caller, IdempotentCreates idempotency,
            EndpointOptions options) {
        this.service = service;
        this.caller = caller;
        this.idempotency = idempotency;
        this.options = options;
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
        NewWebhook webhook = new NewWebhook(request.url(), request.eventTypes(), request.normalisedDescription(),
                request.isActive() == null || request.isActive(),
                request.ordering() == null ? Webhook.UNORDERED : request.ordering(), request.rateLimit(),
                request.headers() == null ? Map.of() : request.headers(),
                request.auth() == null ? null : request.auth().toAuth(), request.filter());
        return idempotency.run(caller.get().workspaceId(), idempotencyKey, "POST /api/webhooks", request,
                CreatedWebhookResponse.class, client -> service.create(client, caller.get(), webhook)
                        .map(created -> RestResponse.ResponseBuilder
                                .create(RestResponse.Status.CREATED, CreatedWebhookResponse.of(created, options))
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
    public Uni<? extends WebhookRepresentation> listOrGet(@RestQuery @Uuid String id) {
        return id != null ? get(UUID.fromString(id)) : list();
    }

    private Uni<WebhookResponse> get(UUID id) {
        return service.get(caller.get(), id).map(w -> WebhookResponse.of(w, options));
    }

    private Uni<WebhookList> list() {
        return service.list(caller.get()).map(list -> new WebhookList(list.stream().map(w -> WebhookResponse.of(w, options)).toList()));
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
        WebhookChanges changes = new WebhookChanges(request.url(), request.eventTypes(), request.description(),
                request.isActive(), request.ordering(), request.rateLimit(), request.headers(),
                request.auth() == null || request.auth().none() ? null : request.auth().toAuth(),
                request.auth() != null && request.auth().none(), request.filter());
        return service.update(caller.get(), UUID.fromString(request.id()), changes)
                .replaceWith(StatusResponse.UPDATED);
    }

    @DELETE
    @Operation(summary = "Delete a webhook", description = "The id comes in the JSON body or as ?id=. Its delivery history goes with it.")
    @Parameter(name = "id", description = "A webhook id (instead of the body)",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Void>> delete(@RestQuery @Uuid String id, @Valid DeleteWebhookRequest request) {
        String fromBody = request == null ? null : request.id();
        if (id != null && fromBody != null && !id.equalsIgnoreCase(fromBody)) {
            throw new InvalidField("id", "must not differ between the body and the query");
        }
        String chosen = fromBody != null ? fromBody : id;
        if (chosen == null) {
            throw new InvalidField("id", "is required");
        }
        return service.delete(caller.get(), UUID.fromString(chosen)).replaceWith(RestResponse.noContent());
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
        return service.rotateSecret(caller.get(), request.uuid()).map(RotatedSecretResponse::of);
    }

    /** The two shapes of {@code GET /api/webhooks}: one webhook, or the list as a bare JSON array. */
    public sealed interface WebhookRepresentation permits WebhookResponse, WebhookList {
    }

    /** The workspace's webhooks, written as a bare JSON array. */
    public record WebhookList(@com.fasterxml.jackson.annotation.JsonValue List<WebhookResponse> webhooks)
            implements WebhookRepresentation {
    }
}
