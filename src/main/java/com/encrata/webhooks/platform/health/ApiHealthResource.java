package com.encrata.webhooks.platform.health;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.mutiny.Uni;

/** GET /api/health: no authentication; 503 when the database does not answer within a second. */
@Path("/api/health")
@Produces(MediaType.APPLICATION_JSON)
public class ApiHealthResource {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final DatabaseProbe database;

    public ApiHealthResource(DatabaseProbe database) {
        this.database = database;
    }

    /** The health answer: {@code {"status": "ok"}} or {@code {"status": "unavailable", "error": ...}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Health(String status, String error) {
    }

    @GET
    @Operation(summary = "Service health", description = "Answers 503 when the database is unreachable.")
    public Uni<RestResponse<Health>> health() {
        return database.ping(PROBE_TIMEOUT)
                .map(ok -> RestResponse.ok(new Health("ok", null)))
                .onFailure().recoverWithItem(() -> RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE,
                        new Health("unavailable", "Database unavailable")));
    }
}
