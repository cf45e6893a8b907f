package com.encrata.webhooks.webhook.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.webhook.options.EndpointAuth;
import com.encrata.webhooks.webhook.validation.EndpointCredentials;

/**
 * The {@code auth} of a create or update (SPEC §10): {@code type} picks which of the other fields
 * count. Secret parts ({@code password}, {@code token}, {@code client_secret}, {@code private_key})
 * are write-only; an update that repeats the stored type without its secret part keeps the stored one.
 */
@EndpointCredentials
@Schema(name = "AuthRequest", description = "How the service authenticates to the endpoint: {\"type\": \"none\"}"
        + " removes it on update. Secret parts are write-only.")
public record AuthRequest(
        @Schema(enumeration = {"basic", "bearer", "oauth2", "mtls", "none"}, required = true) String type,
        @Schema(description = "basic: 1-256 characters, no ':'") String username,
        @Schema(description = "basic, write-only: at most 256 characters") String password,
        @Schema(description = "bearer, write-only: 1-4096 printable ASCII characters") String token,
        @Schema(description = "oauth2: the token endpoint, an https URL under the same rules as url") String tokenUrl,
        @Schema(description = "oauth2") String clientId,
        @Schema(description = "oauth2, write-only") String clientSecret,
        @Schema(description = "oauth2, optional") String scope,
        @Schema(description = "oauth2, optional") String audience,
        @Schema(description = "mtls: PEM certificate chain, the client certificate first") String certificate,
        @Schema(description = "mtls, write-only: unencrypted PEM key (PKCS#8 or PKCS#1; RSA or EC)") String privateKey) {

    /** Whether the request removes the credentials. */
    public boolean none() {
        return EndpointAuth.NONE.equals(type);
    }

    /**
     * The credentials asked for (validated), their secret part null when left out; an mTLS
     * certificate's fingerprint and expiry are filled in by the service; null for {@code none}.
     */
    public EndpointAuth toAuth() {
        return switch (type) {
            case EndpointAuth.BASIC -> new EndpointAuth.Basic(username, password);
            case EndpointAuth.BEARER -> new EndpointAuth.Bearer(token);
            case EndpointAuth.OAUTH2 -> new EndpointAuth.OAuth2(tokenUrl, clientId, clientSecret, emptyAsNull(scope),
                    emptyAsNull(audience));
            case EndpointAuth.MTLS -> new EndpointAuth.Mtls(certificate, privateKey, null, null);
            default -> null;
        };
    }

    private static String emptyAsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
