package com.encrata.webhooks.delivery.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.vertx.core.net.TrustOptions;

/** The CAs deliveries trust: the JDK's, plus those of the configured PEM file (ENCRATA_DELIVERY_TRUST_STORE). */
final class DeliveryTrust {

    private DeliveryTrust() {
    }

    /** Empty means the JDK's default trust alone. */
    static Optional<TrustOptions> from(Optional<String> pemFile) {
        return pemFile.filter(f -> !f.isBlank()).map(DeliveryTrust::withExtraCas);
    }

    private static TrustOptions withExtraCas(String pemFile) {
        try (InputStream pem = Files.newInputStream(Path.of(pemFile))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : jdkTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + n++, ca);
            }
            for (Certificate extra : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                store.setCertificateEntry("extra-" + n++, extra);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return TrustOptions.wrap(factory);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the delivery trust store " + pemFile, e);
        }
    }

    private static X509TrustManager jdkTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("The JDK has no X.509 trust manager");
    }
}
