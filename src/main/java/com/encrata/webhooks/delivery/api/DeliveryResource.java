package com.encrata.webhooks.delivery.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.delivery.repository.LogQuery;
import com.encrata.webhooks.delivery.service.DeliveryService;
import com.encrata.webhooks.delivery.service.WebhookTester;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.api.IdRequest;
import com.encrata.webhooks.platform.error.InvalidField;
import com.encrata.webhooks.platform.validation.Required;
import com.encrata.webhooks.platform.validation.Rfc3339;
import com.encrata.webhooks.platform.validation.Rfc3339Validator;
import com.encrata.webhooks.platform.validation.Uuid;
import com.fasterxml.jackson.annotation.JsonValue;

import io.smallrye.mutiny.Uni;

/**
 * The delivery side of the webhook API: a webhook's delivery log, redelivery, recovery of failed
 * deliveries and the synchronous test attempt, under /api/webhooks.
 */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deliveries")
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
@APIResponse(responseCode = "503", ref = "Unavailable")
public class DeliveryResource {

    static final int DEFAULT_LIMIT = 50;

    private final DeliveryService service;
    private final WebhookTester tester;
    private final CurrentCaller caller;

    public DeliveryResource(DeliveryService service, WebhookTester tester, CurrentCaller caller) {
        this.service = service;
        this.tester = tester;
        this.caller = caller;
    }

    @GET
    @Path("/deliveries")
    @Operation(summary = "List a webhook's deliveries",
            description = "Newest first; 50 unless limit says otherwise. When more match, Link: <...>; rel=\"next\""
                    + " names the next page (the same filters, starting after this page's last delivery).")
    @Parameter(name = "webhook_id", required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @Parameter(name = "limit", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "50"))
    @Parameter(name = "status", schema = @Schema(enumeration = {"pending", "success", "failed"}))
    @Parameter(name = "event_type", description = "One event name (or test)")
    @Parameter(name = "since", description = "RFC 3339 time with offset: created at or after",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @Parameter(name = "until", description = "RFC 3339 time with offset: created before",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @Parameter(name = "starting_after", description = "A delivery of the webhook: the page starts after it",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "200", description = "The deliveries",
            content = @Content(schema = @Schema(implementation = DeliveryResponse[].class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<List<DeliveryResponse>>> list(
            @RestQuery("webhook_id") @Required @Uuid String webhookId,
            // 1 to 100 in up to three digits, leading zeros allowed: not clamped, refused.
            @RestQuery @Pattern(regexp = "0{0,2}[1-9]|0?[1-9][0-9]|100", message = "{encrata.validation.limit}")
            String limit,
            @RestQuery @Pattern(regexp = "pending|success|failed", message = "{encrata.validation.delivery-status}")
            String status,
            @RestQuery("event_type") String eventType,
            @RestQuery @Rfc3339 String since,
            @RestQuery @Rfc3339 String until,
            @RestQuery("starting_after") @Uuid String startingAfter) {
        if (eventType != null && !Delivery.TEST_EVENT.equals(eventType) && EventType.fromWire(eventType).isEmpty()) {
            throw new InvalidField("event_type", "must be one of: " + EventType.validNames() + ", test");
        }
        int size = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        // One more than the page, to know whether another page follows.
        LogQuery query = new LogQuery(UUID.fromString(webhookId), status, eventType, instant(since), instant(until),
                null, null, size + 1);
        return service.list(caller.get(), query, startingAfter == null ? null : UUID.fromString(startingAfter))
                .map(found -> {
                    List<DeliveryResponse> page = found.stream().limit(size).map(DeliveryResponse::of).toList();
                    RestResponse.ResponseBuilder<List<DeliveryResponse>> answer = RestResponse.ResponseBuilder.ok(page);
                    if (found.size() > size) {
                        answer.header(HttpHeaders.LINK, "<" + nextPage(webhookId, limit, status, eventType, since, until,
                                page.get(page.size() - 1).id()) + ">; rel=\"next\"");
                    }
                    return answer.build();
                });
    }

    /** The next page: the same filters and limit as given, starting after {@code last}. */
    static String nextPage(String webhookId, String limit, String status, String eventType, String since, String until,
            UUID last) {
        StringBuilder uri = new StringBuilder("/api/webhooks/deliveries?webhook_id=").append(webhookId.toLowerCase());
        for (String[] parameter : new String[][] {{"limit", limit}, {"status", status}, {"event_type", eventType},
                {"since", since}, {"until", until}}) {
            if (parameter[1] != null) {
                uri.append('&').append(parameter[0]).append('=')
                        .append(URLEncoder.encode(parameter[1], StandardCharsets.UTF_8));
            }
        }
        return uri.append("&starting_after=").append(last).toString();
    }

    private static Instant instant(String rfc3339) {
        return rfc3339 == null ? null : Rfc3339Validator.parse(rfc3339).orElseThrow().toInstant();
    }

    @GET
    @Path("/stats")
    @Tag(name = "Webhooks")
    @Operation(summary = "24-hour stats of every webhook, or of one with ?id=",
            description = "Attempts, outcomes, latency, last success and failure, pending count and why a webhook is inactive.")
    @Parameter(name = "id", description = "A webhook id", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "200", description = "An array in the order of the webhook list, or one object when id is given",
            content = @Content(schema = @Schema(oneOf = {WebhookStatsResponse[].class, WebhookStatsResponse.class})))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<? extends StatsRepresentation> stats(@RestQuery @Uuid String id) {
        return id != null
                ? service.stats(caller.get(), UUID.fromString(id)).map(WebhookStatsResponse::of)
                : service.stats(caller.get()).map(all -> new StatsList(all.stream().map(WebhookStatsResponse::of).toList()));
    }

    @GET
    @Path("/stats/hourly")
    @Operation(summary = "A webhook's last 24 hours, hour by hour",
            description = "Exactly 24 hours, oldest first; the last is the current UTC hour. Zeros for hours without attempts.")
    @Parameter(name = "id", required = true, description = "A webhook id",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    @APIResponse(responseCode = "200", description = "24 hours",
            content = @Content(schema = @Schema(implementation = HourlyStatsResponse[].class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<List<HourlyStatsResponse>> hourly(@RestQuery @Required @Uuid String id) {
        return service.hourly(caller.get(), UUID.fromString(id))
                .map(hours -> hours.stream().map(HourlyStatsResponse::of).toList());
    }

    /** The two shapes of {@code GET /api/webhooks/stats}: one webhook's stats, or the list as a bare array. */
    public sealed interface StatsRepresentation permits WebhookStatsResponse, StatsList {
    }

    /** Every webhook's stats, written as a bare JSON array. */
    public record StatsList(@JsonValue List<WebhookStatsResponse> stats) implements StatsRepresentation {
    }

    @POST
    @Path("/deliveries/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeliver", description = "One manual attempt now; on failure the delivery is failed again.")
    @APIResponse(responseCode = "202", description = "Requeued",
            content = @Content(schema = @Schema(implementation = RedeliverResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<RedeliverResponse>> redeliver(@NotNull @Valid IdRequest request) {
        return service.redeliver(caller.get(), request.uuid()).map(d -> RestResponse.status(
                RestResponse.Status.ACCEPTED, new RedeliverResponse(d.id, Delivery.PENDING)));
    }

    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = "Webhooks")
    @Operation(summary = "Send a test event",
            description = "One synchronous attempt, also on a paused webhook. Always 200: status says sent or failed.")
    @APIResponse(responseCode = "200", description = "The attempt's outcome",
            content = @Content(schema = @Schema(implementation = TestResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<TestResponse> test(@NotNull @Valid IdRequest request) {
        return tester.test(caller.get(), request.uuid()).map(TestResponse::of);
    }

    @POST
    @Path("/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = "Webhooks")
    @Operation(summary = "Recover failed deliveries",
            description = "Requeues every failed delivery created since the given time (and before until, of the"
                    + " given event types), spread out.")
    @APIResponse(responseCode = "202", description = "How many deliveries were requeued",
            content = @Content(schema = @Schema(implementation = RequeuedResponse.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<RequeuedResponse>> recover(@NotNull @Valid RecoverRequest request) {
        return service.recover(caller.get(), UUID.fromString(request.id()), request.sinceInstant(),
                request.untilInstant(), request.eventNames())
                .map(n -> RestResponse.status(RestResponse.Status.ACCEPTED, new RequeuedResponse(n)));
    }
}
