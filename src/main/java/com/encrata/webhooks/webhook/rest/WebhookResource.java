package com.encrata.webhooks.webhook.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.encrata.webhooks.apikey.CurrentCaller;
import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.webhook.service.NewWebhook;
import com.encrata.webhooks.webhook.service.WebhookService;
import com.encrata.webhooks.webhook.validation.WebhookUrlPolicy;

import io.smallrye.mutiny.Uni;

/** The public webhook API under /api/webhooks. */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final WebhookService service;
    private final CurrentCaller caller;
    private final DeliveryConfig deliveryConfig;

    public WebhookResource(WebhookService service, CurrentCaller caller, DeliveryConfig deliveryConfig) {
        this.service = service;
        this.caller = caller;
        this.deliveryConfig = deliveryConfig;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CreatedWebhookResponse>> create(@NotNull @Valid CreateWebhookRequest request) {
        String urlKey = WebhookUrlPolicy.check(request.url(), deliveryConfig.allowPrivateTargets()).key();
        NewWebhook webhook = new NewWebhook(request.url(), urlKey, request.eventTypes(),
                request.normalisedDescription(), request.isActive() == null || request.isActive());
        return service.create(caller.get(), webhook).map(created -> RestResponse.ResponseBuilder
                .create(RestResponse.Status.CREATED, CreatedWebhookResponse.of(created))
                .header(HttpHeaders.LOCATION, "/api/webhooks?id=" + created.webhook().id)
                .build());
    }
}
