package com.encrata.webhooks.webhook.validation;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import com.encrata.webhooks.platform.net.PrivateTargets;
import com.encrata.webhooks.webhook.api.AuthRequest;
import com.encrata.webhooks.webhook.options.ClientCertificates;
import com.encrata.webhooks.webhook.options.EndpointAuth;

/**
 * Checks {@link EndpointCredentials}: the parts the type needs are there and well-formed. A secret
 * part may be left out here (an update keeps the stored one); the service requires it when nothing
 * is stored. Problems are reported on {@code auth.<part>}; messages never repeat the input.
 */
@ApplicationScoped
public class EndpointCredentialsValidator implements ConstraintValidator<EndpointCredentials, AuthRequest> {

    static final int MAX_USERNAME = 256;
    static final int MAX_PASSWORD = 256;
    static final int MAX_TOKEN = 4096;
    static final int MAX_CLIENT_FIELD = 1024;

    // Looked up at the first check, as in WebhookUrlValidator.
    private final Instance<PrivateTargets> privateTargets;

    public EndpointCredentialsValidator(Instance<PrivateTargets> privateTargets) {
        this.privateTargets = privateTargets;
    }

    private record Problems(ConstraintValidatorContext context, boolean[] found) {
        void add(String part, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(part).addConstraintViolation();
            found[0] = true;
        }
    }

    @Override
    public boolean isValid(AuthRequest auth, ConstraintValidatorContext context) {
        if (auth == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        Problems problems = new Problems(context, new boolean[1]);
        String type = auth.type();
        if (type == null) {
            problems.add("type", "is required: one of basic, bearer, oauth2, mtls, none");
            return false;
        }
        switch (type) {
            case EndpointAuth.BASIC -> basic(auth, problems);
            case EndpointAuth.BEARER -> bearer(auth, problems);
            case EndpointAuth.OAUTH2 -> oauth2(auth, problems);
            case EndpointAuth.MTLS -> mtls(auth, problems);
            case EndpointAuth.NONE -> {
            }
            default -> problems.add("type", "must be one of basic, bearer, oauth2, mtls, none");
        }
        return !problems.found()[0];
    }

    private static void basic(AuthRequest auth, Problems problems) {
        String username = auth.username();
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME || username.indexOf(':') >= 0
                || !printable(username, false)) {
            problems.add("username", "is required: 1-256 characters without ':'");
        }
        if (auth.password() != null && (auth.password().length() > MAX_PASSWORD || !printable(auth.password(), false))) {
            problems.add("password", "must be at most 256 characters without control characters");
        }
    }

    private static void bearer(AuthRequest auth, Problems problems) {
        String token = auth.token();
        if (token != null && (token.isEmpty() || token.length() > MAX_TOKEN || !printable(token, true))) {
            problems.add("token", "must be 1-4096 printable ASCII characters");
        }
    }

    private void oauth2(AuthRequest auth, Problems problems) {
        if (auth.tokenUrl() == null) {
            problems.add("tokenUrl", "is required");
        } else {
            Optional<String> problem = WebhookUrlPolicy.check(auth.tokenUrl(), privateTargetsAllowed());
            problem.ifPresent(message -> problems.add("tokenUrl", message));
        }
        if (auth.clientId() == null || auth.clientId().isEmpty() || !clientField(auth.clientId())) {
            problems.add("clientId", "is required: 1-1024 characters without control characters");
        }
        if (auth.clientSecret() != null && !clientField(auth.clientSecret())) {
            problems.add("clientSecret", "must be at most 1024 characters without control characters");
        }
        if (auth.scope() != null && !clientField(auth.scope())) {
            problems.add("scope", "must be at most 1024 characters without control characters");
        }
        if (auth.audience() != null && !clientField(auth.audience())) {
            problems.add("audience", "must be at most 1024 characters without control characters");
        }
    }

    private static void mtls(AuthRequest auth, Problems problems) {
        if (auth.certificate() == null) {
            problems.add("certificate", "is required: a PEM certificate chain");
            return;
        }
        if (auth.privateKey() == null) {
            // The stored key is checked against it by the service.
            return;
        }
        try {
            ClientCertificates.read(auth.certificate(), auth.privateKey(), Instant.now());
        } catch (ClientCertificates.Refused refused) {
            problems.add(refused.field().equals("certificate") ? "certificate" : "privateKey", refused.getMessage());
        }
    }

    private static boolean clientField(String value) {
        return value.length() <= MAX_CLIENT_FIELD && printable(value, false);
    }

    /** No control characters; with {@code asciiOnly}, only printable ASCII. */
    private static boolean printable(String value, boolean asciiOnly) {
        return value.chars().allMatch(c -> asciiOnly ? c >= 0x20 && c <= 0x7e : !Character.isISOControl(c));
    }

    private boolean privateTargetsAllowed() {
        return privateTargets.get().allowed();
    }
}
