package com.encrata.webhooks.delivery.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.webhook.options.ClientCertificates;

import io.netty.handler.ssl.OpenSsl;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.core.net.TrustOptions;

/**
 * The HTTP clients deliveries go out with, all with the same TLS engine, rules, trust, deadline and
 * egress proxy: one shared client, and one per mTLS client certificate (a TLS client identity is a
 * property of the connection, so it needs its own pool). Those are kept for at most
 * {@link #MAX_IDENTITIES} identities, least recently used first out, and closed once requests still
 * running on them are over.
 */
@ApplicationScoped
public class DeliveryClients {

    private static final Logger LOG = Logger.getLogger(DeliveryClients.class);
    static final int MAX_IDENTITIES = 256;
    private static final Base64.Encoder PEM_BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private final Vertx vertx;
    private final DeliveryConfig config;
    private final Optional<ProxyOptions> proxy;
    private final Optional<TrustOptions> trust;
    private final boolean openssl;
    /** With BoringSSL: the cipher suites the JDK's engine would offer, those BoringSSL has. */
    private final Set<String> cipherSuites;
    private final HttpClient shared;
    /** Access order, guarded by itself. */
    private final LinkedHashMap<String, HttpClient> identities = new LinkedHashMap<>(16, 0.75f, true);
    private final long closeGraceMillis;
    private final Map<HttpConnection, Throwable> connectionFailures = Collections.synchronizedMap(new WeakHashMap<>());
    private boolean closed;

    public DeliveryClients(Vertx vertx, DeliveryConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.proxy = EgressProxy.from(config.proxy());
        this.trust = DeliveryTrust.from(config.trustStore());
        this.openssl = config.openssl() && OpenSSLEngineOptions.isAvailable();
        this.cipherSuites = openssl ? jdkCipherSuitesBoringSslHas() : Set.of();
        this.closeGraceMillis = config.timeout().plus(DeliverySender.BODY_READ_LIMIT).plus(Duration.ofSeconds(1)).toMillis();
        this.shared = watched(vertx.createHttpClient(options().setName("encrata-delivery")));
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Deliveries use the %s TLS engine", openssl ? "OpenSSL (BoringSSL)" : "JDK's");
        proxy.ifPresent(p -> LOG.infof("Deliveries go out through the egress proxy %s", EgressProxy.describe(p)));
    }

    /** Whether connections use BoringSSL rather than the JDK's TLS engine. */
    boolean openssl() {
        return openssl;
    }

    /** Whether connections go through the egress proxy. */
    boolean proxied() {
        return proxy.isPresent();
    }

    /** The client of every attempt without a client certificate. */
    public HttpClient shared() {
        return shared;
    }

    /**
     * The client presenting {@code identity} as its TLS client certificate; {@code key} names the
     * identity (its certificate's SHA-256 and the key's ciphertext).
     */
    public HttpClient presenting(String key, ClientCertificates.Identity identity) {
        synchronized (identities) {
            HttpClient known = identities.get(key);
            if (known != null) {
                return known;
            }
            if (closed) {
                throw new IllegalStateException("delivery clients are closed");
            }
            HttpClient client = watched(vertx.createHttpClient(options().setName("encrata-delivery-mtls")
                    .setKeyCertOptions(keyCertOptions(identity))));
            identities.put(key, client);
            if (identities.size() > MAX_IDENTITIES) {
                var eldest = identities.entrySet().iterator();
                HttpClient evicted = eldest.next().getValue();
                eldest.remove();
                vertx.setTimer(closeGraceMillis, id -> evicted.close());
            }
            return client;
        }
    }

    /**
     * What broke {@code connection}, if anything did: a TLS 1.3 server refuses a client certificate
     * after the client's side of the handshake is done, so its alert arrives on the connection while
     * the request only sees it closed.
     */
    Throwable failureOf(HttpConnection connection) {
        return connection == null ? null : connectionFailures.get(connection);
    }

    private HttpClient watched(HttpClient client) {
        client.connectionHandler(connection -> connection.exceptionHandler(e -> connectionFailures.put(connection, e)));
        return client;
    }

    @PreDestroy
    void close() {
        synchronized (identities) {
            closed = true;
            identities.values().forEach(HttpClient::close);
            identities.clear();
        }
        shared.close();
    }

    /**
     * The chain and key as PEM again (the key as PKCS#8, whatever form it was stored in). Vert.x reads
     * PEM key material for a client the way it should: a wrapped key manager would be rebuilt per
     * server name and lose its key.
     */
    private static KeyCertOptions keyCertOptions(ClientCertificates.Identity identity) {
        StringBuilder chain = new StringBuilder();
        try {
            for (X509Certificate certificate : identity.chain()) {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the client certificate cannot be used", e);
        }
        return new PemKeyCertOptions().setCertValue(Buffer.buffer(chain.toString()))
                .setKeyValue(Buffer.buffer(pem("PRIVATE KEY", identity.key().getEncoded())));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + PEM_BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * The cipher suites the JDK's engine offers by default (so {@code jdk.tls.disabledAlgorithms} and
     * the rest of the JDK's TLS policy still apply), less those BoringSSL lacks (finite-field DHE, CBC
     * with SHA-256/384 MACs). Left alone, Vert.x would offer every suite BoringSSL has, PSK ones among
     * them. The context asked is given no keys and no trust: its defaults are the same as the JDK's
     * default context's, without loading the JDK's trust store for a list of names.
     */
    static Set<String> jdkCipherSuitesBoringSslHas() {
        try {
            Set<String> boringSsl = OpenSsl.availableJavaCipherSuites();
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(new KeyManager[0], new TrustManager[0], null);
            return Arrays.stream(tls.getDefaultSSLParameters().getCipherSuites())
                    .filter(boringSsl::contains)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS context", e);
        }
    }

    private HttpClientOptions options() {
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setSsl(true)
                .setVerifyHost(true)
                .setForceSni(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                .setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(config.concurrencyPerHost())
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setDecompressionSupported(false)
                // No automatic client span (it would carry the full URL, query included): the attempt's own
                // span is made by DeliveryTracing.
                .setTracingPolicy(TracingPolicy.IGNORE);
        if (openssl) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
            cipherSuites.forEach(options::addEnabledCipherSuite);
        }
        trust.ifPresent(t -> options.setTrustOptions(t.copy()));
        proxy.ifPresent(p -> options.setProxyOptions(new ProxyOptions(p)));
        return options;
    }
}
