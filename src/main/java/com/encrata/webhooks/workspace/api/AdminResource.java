package com.encrata.webhooks.workspace.api;

import java.time.Duration;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import com.encrata.webhooks.auth.Role;
import com.encrata.webhooks.platform.validation.Uuid;
import com.encrata.webhooks.workspace.service.PortalSessionIssuer;
import com.encrata.webhooks.workspace.service.ProvisioningService;

import io.smallrye.mutiny.Uni;

/** Provisioning of workspaces and keys, for Encrata's own back office (admin token). */
@Path("/admin/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final ProvisioningService provisioning;
    private final PortalSessionIssuer portalSessions;

    public AdminResource(ProvisioningService provisioning, PortalSessionIssuer portalSessions) {
        this.provisioning = provisioning;
        this.portalSessions = portalSessions;
    }

    @POST
    @Operation(hidden = true)
    public Uni<RestResponse<WorkspaceResponse>> createWorkspace(@NotNull @Valid CreateWorkspaceRequest request) {
        return provisioning.createWorkspace(request.name().trim())
                .map(w -> RestResponse.status(RestResponse.Status.CREATED, WorkspaceResponse.of(w)));
    }

    @POST
    @Path("/{id}/keys")
    @Operation(hidden = true)
    public Uni<RestResponse<ProvisionedKeyResponse>> createKey(@RestPath @Uuid String id,
            @NotNull @Valid CreateKeyRequest request) {
        UUID workspaceId = UUID.fromString(id);
        UUID userId = request.userId() == null ? UUID.randomUUID() : UUID.fromString(request.userId());
        Role role = request.role() == null ? Role.ADMIN : Role.fromWire(request.role()).orElseThrow();
        return provisioning.createKey(workspaceId, request.name().trim(), userId, role)
                .map(k -> RestResponse.status(RestResponse.Status.CREATED, ProvisionedKeyResponse.of(k)));
    }

    @POST
    @Path("/{id}/portal-sessions")
    @Operation(hidden = true)
    public Uni<RestResponse<PortalSessionResponse>> createPortalSession(@RestPath @Uuid String id,
            @Valid CreatePortalSessionRequest request) {
        CreatePortalSessionRequest body = request == null ? new CreatePortalSessionRequest(null, null, null) : request;
        UUID userId = body.userId() == null ? UUID.randomUUID() : UUID.fromString(body.userId());
        Role role = body.role() == null ? Role.ADMIN : Role.fromWire(body.role()).orElseThrow();
        Duration lifetime = body.ttlSeconds() == null ? PortalSessionIssuer.DEFAULT_LIFETIME : Duration.ofSeconds(body.ttlSeconds());
        return portalSessions.issue(UUID.fromString(id), userId, role, lifetime)
                .map(s -> RestResponse.status(RestResponse.Status.CREATED,
                        new PortalSessionResponse(s.token(), s.url(), s.expiresAt())));
    }
}
