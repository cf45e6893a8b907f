package com.encrata.webhooks.boot;

import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.encrata.webhooks.apikey.ApiKey;
import com.encrata.webhooks.apikey.repository.ApiKeyRepository;
import com.encrata.webhooks.auth.ApiKeyTokens;
import com.encrata.webhooks.auth.Role;
import com.encrata.webhooks.platform.time.Timestamps;
import com.encrata.webhooks.workspace.Workspace;
import com.encrata.webhooks.workspace.repository.WorkspaceRepository;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/** Dev mode only: makes sure a dev workspace and its well-known key exist, and prints how to use them. */
@Singleton
@IfBuildProfile("dev")
public class DevWorkspace {

    private static final Logger LOG = Logger.getLogger(DevWorkspace.class);
    static final UUID WORKSPACE_ID = UUID.fromString("00000000-0000-4000-8000-00000000d001");
    static final UUID KEY_ID = UUID.fromString("00000000-0000-4000-8000-00000000d002");
    static final UUID USER_ID = UUID.fromString("00000000-0000-4000-8000-00000000d003");

    private final WorkspaceRepository workspaces;
    private final ApiKeyRepository keys;
    private final String devKey;
    private final int port;

    public DevWorkspace(WorkspaceRepository workspaces, ApiKeyRepository keys,
            @ConfigProperty(name = "encrata.dev.api-key") String devKey,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.workspaces = workspaces;
        this.keys = keys;
        this.devKey = devKey;
        this.port = port;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::ensure));
        LOG.infof("%n%nDev workspace %s is ready. API key (dev only): %s%nTry:%n"
                + "  curl -i -X POST http://localhost:%d/api/webhooks -H 'Authorization: Bearer %s' "
                + "-H 'Content-Type: application/json' "
                + "-d '{\"url\": \"https://example.com/webhook\", \"events\": [\"lookup.completed\"]}'%n",
                WORKSPACE_ID, devKey, port, devKey);
    }

    private Uni<Void> ensure() {
        return workspaces.findById(WORKSPACE_ID).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Workspace workspace = new Workspace();
            workspace.id = WORKSPACE_ID;
            workspace.name = "Dev workspace";
            workspace.createdAt = Timestamps.now();
            ApiKey key = new ApiKey();
            key.id = KEY_ID;
            key.workspaceId = WORKSPACE_ID;
            key.userId = USER_ID;
            key.role = Role.ADMIN;
            key.name = "Dev key";
            key.keyHash = ApiKeyTokens.hash(devKey);
            key.keyLast4 = ApiKeyTokens.last4(devKey);
            key.createdAt = workspace.createdAt;
            return workspaces.persist(workspace).chain(() -> keys.persist(key)).replaceWithVoid();
        });
    }
}
