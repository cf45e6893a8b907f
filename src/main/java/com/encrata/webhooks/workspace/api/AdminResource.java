package com.encrata.webhooks.workspace.api;

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
import com.encrata.webhooks.workspace.service.ProvisioningService;

import io.smallrye.mutiny.Uni;

/** Provisioning of workspaces and keys, for Encrata's own back office (admin token). */
@Path("/admin/workspaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final ProvisioningService provisioning;

    public AdminResource(ProvisioningService provisioning) {
        this.provisioning = provisioning;
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
}
