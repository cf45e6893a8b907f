package com.encrata.webhooks.delivery.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.platform.net.AddressPolicy;
import com.encrata.webhooks.platform.net.HostLiteral;
import com.encrata.webhooks.platform.net.PrivateTargets;
import com.encrata.webhooks.webhook.validation.WebhookUrlPolicy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * The SSRF guard of every connection: resolves the host, refuses it when any of its addresses is
 * in a blocked range, and hands back the vetted address the connection must go to, so a second,
 * different DNS answer (rebinding) can never be the one connected to. A name's answer is reused for
 * {@link #ANSWER_TTL} (and vetted again on every use), so a busy target is not looked up, on a worker
 * thread, for every delivery.
 */
@ApplicationScoped
public class TargetGuard {

    static final Duration ANSWER_TTL = Duration.ofSeconds(5);
    static final int MAX_ANSWERS = 10_000;

    private record Answer(InetAddress[] addresses, long expiresAtNanos) {
    }

    private final Vertx vertx;
    private final PrivateTargets privateTargets;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public TargetGuard(Vertx vertx, PrivateTargets privateTargets) {
        this.vertx = vertx;
        this.privateTargets = privateTargets;
    }

    /** The address to connect to; fails with {@code dns} or {@code blocked address}. */
    public Uni<InetAddress> vet(WebhookUrlPolicy.Target target) {
        return resolve(target).map(addresses -> {
            if (addresses.length == 0) {
                throw new AttemptFailure(DeliveryError.DNS);
            }
            for (InetAddress address : addresses) {
                if (AddressPolicy.isBlocked(address, privateTargets.allowed())) {
                    throw new AttemptFailure(DeliveryError.BLOCKED_ADDRESS);
                }
            }
            // Prefer IPv4: it is the family a receiver is most likely to listen on.
            return Arrays.stream(addresses)
                    .min(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1))
                    .orElseThrow();
        });
    }

    private Uni<InetAddress[]> resolve(WebhookUrlPolicy.Target target) {
        String host = target.host();
        if (target.ipv6Literal()) {
            return literal(HostLiteral.parseIpv6(host).orElse(null));
        }
        if (HostLiteral.looksLikeIpv4(host)) {
            return literal(HostLiteral.parseIpv4(host).orElse(null));
        }
        Answer known = answers.get(host);
        long now = System.nanoTime();
        if (known != null && now - known.expiresAtNanos() < 0) {
            return Uni.createFrom().item(known.addresses());
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new AttemptFailure(DeliveryError.DNS);
            }
        })).invoke(addresses -> {
            if (answers.size() >= MAX_ANSWERS) {
                answers.clear();
            }
            answers.put(host, new Answer(addresses, System.nanoTime() + ANSWER_TTL.toNanos()));
        });
    }

    private static Uni<InetAddress[]> literal(InetAddress address) {
        return address == null
                ? Uni.createFrom().failure(new AttemptFailure(DeliveryError.DNS))
                : Uni.createFrom().item(new InetAddress[] {address});
    }
}
