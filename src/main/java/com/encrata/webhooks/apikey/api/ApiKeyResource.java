package com.encrata.webhooks.apikey.api;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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

import com.encrata.webhooks.apikey.service.ApiKeyService;
import com.encrata.webhooks.auth.CurrentCaller;
import com.encrata.webhooks.platform.error.Forbidden;
import com.encrata.webhooks.platform.idempotency.IdempotentCreates;
import com.encrata.webhooks.platform.validation.Required;
import com.encrata.webhooks.platform.validation.Uuid;

import io.smallrye.mutiny.Uni;

/** The caller's own API keys under /api/keys. */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "503", ref = "Unavailable")
public class ApiKeyResource {

    static final String PORTAL_CANNOT_CREATE_KEYS = "Portal sessions cannot create API keys";

    private final ApiKeyService service;
    private final CurrentCaller caller;
    private final IdempotentCreates idempotency;

    public ApiKeyResource(ApiKeyService service, CurrentCaller caller, IdempotentCreates idempotency) {
        this.idempotency = idempotency;
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key", description = "The key inherits the caller's user, workspace and role; its value is shown only here.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = CreatedApiKeyResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    public Uni<RestResponse<CreatedApiKeyResponse>> create(
            @Parameter(description = "Makes a retried create safe: the same key and body within 24 h replay the answer")
            @HeaderParam(IdempotentCreates.HEADER) String idempotencyKey,
            @NotNull @Valid CreateApiKeyRequest request) {
        if (caller.get().portalSession()) {
            throw new Forbidden(PORTAL_CANNOT_CREATE_KEYS);
        }
        return idempotency.run(caller.get().workspaceId(), idempotencyKey, "POST /api/keys", request,
                CreatedApiKeyResponse.class, client -> service.create(client, caller.get(), request.name().trim())
                        .map(issued -> RestResponse.status(RestResponse.Status.CREATED, CreatedApiKeyResponse.of(issued))));
    }

    @GET
    @Operation(summary = "List the caller's API keys", description = "Active keys of the caller's user in this workspace, newest first.")
    @APIResponse(responseCode = "200", description = "The keys",
            content = @Content(schema = @Schema(implementation = ApiKeyListResponse.class)))
    public Uni<ApiKeyListResponse> list() {
        return service.list(caller.get()).map(ApiKeyListResponse::of);
    }

    @DELETE
    @Operation(summary = "Revoke or delete an API key",
            description = "Revokes the key (again: the same answer); with permanent=true deletes it.")
    @Parameter(name = "id", required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @Parameter(name = "permanent", schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    @APIResponse(responseCode = "200", description = "Revoked or deleted",
            content = @Content(schema = @Schema(implementation = MessageResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<MessageResponse> delete(@RestQuery @Required @Uuid String id,
            @RestQuery @Pattern(regexp = "true|false", message = "{encrata.validation.boolean}") String permanent) {
        UUID keyId = UUID.fromString(id);
        return Boolean.parseBoolean(permanent)
                ? service.delete(caller.get(), keyId).replaceWith(new MessageResponse("API key deleted"))
                : service.revoke(caller.get(), keyId).replaceWith(new MessageResponse("API key revoked"));
    }
}
