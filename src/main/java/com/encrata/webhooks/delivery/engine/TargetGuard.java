package com.encrata.webhooks.delivery.engine;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.platform.net.AddressPolicy;
import com.encrata.webhooks.platform.net.HostLiteral;
import com.encrata.webhooks.platform.net.PrivateTargets;
import com.encrata.webhooks.platform.net.UrlTarget;

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

    private record Resolved(InetAddress[] addresses, long expiresAtNanos) {
    }

    private final Vertx vertx;
    private final PrivateTargets privateTargets;
    private final Map<String, Resolved> answers = new ConcurrentHashMap<>();

    public TargetGuard(Vertx vertx, PrivateTargets privateTargets) {
        this.vertx = vertx;
        this.privateTargets = privateTargets;
    }

    /** The address to connect to; fails with {@code dns} or {@code blocked address}. */
    public Uni<InetAddress> vet(UrlTarget target) {
        try {
            InetAddress known = vetKnown(target);
            return known != null ? Uni.createFrom().item(known) : lookUp(target.host()).map(this::choose);
        } catch (AttemptFailure refused) {
            return Uni.createFrom().failure(refused);
        }
    }

    /**
     * The vetted address when the answer for the host is known (a literal, or a name looked up
     * lately), without waiting; null when it must be looked up ({@link #vet}). Throws
     * {@link AttemptFailure} when the known address is blocked.
     */
    public InetAddress vetKnown(UrlTarget target) {
        String host = target.host();
        if (target.ipv6Literal()) {
            return choose(literal(HostLiteral.parseIpv6(host)));
        }
        if (HostLiteral.looksLikeIpv4(host)) {
            return choose(literal(HostLiteral.parseIpv4(host)));
        }
        Resolved known = answers.get(host);
        return known == null || System.nanoTime() - known.expiresAtNanos() >= 0 ? null : choose(known.addresses());
    }

    private static InetAddress[] literal(Optional<? extends InetAddress> address) {
        return address.map(a -> new InetAddress[] {a}).orElseThrow(() -> new AttemptFailure(DeliveryError.DNS));
    }

    private InetAddress choose(InetAddress[] addresses) {
        if (addresses.length == 0) {
            throw new AttemptFailure(DeliveryError.DNS);
        }
        InetAddress chosen = null;
        for (InetAddress address : addresses) {
            if (AddressPolicy.isBlocked(address, privateTargets.allowed())) {
                throw new AttemptFailure(DeliveryError.BLOCKED_ADDRESS);
            }
            // Prefer IPv4: it is the family a receiver is most likely to listen on.
            if (chosen == null || (!(chosen instanceof Inet4Address) && address instanceof Inet4Address)) {
                chosen = address;
            }
        }
        return chosen;
    }

    /** Looks the name up on a worker thread and keeps the answer for {@link #ANSWER_TTL}. */
    private Uni<InetAddress[]> lookUp(String host) {
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
            answers.put(host, new Resolved(addresses, System.nanoTime() + ANSWER_TTL.toNanos()));
        });
    }
}
