package com.encrata.webhooks.support;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A certificate authority made by a test, and client certificates it signs, as PEM: the key in
 * PKCS#8 ({@code PRIVATE KEY}) or in its traditional form (PKCS#1 {@code RSA PRIVATE KEY}, SEC1
 * {@code EC PRIVATE KEY}).
 */
public final class TestCa {

    /** A client certificate and its key, both PEM. */
    public record Client(String certificatePem, String privateKeyPem, X509Certificate certificate) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final X500Name name;

    private TestCa(String commonName) {
        this.keys = generate("EC");
        this.name = new X500Name("CN=" + commonName);
        this.certificate = sign(name, keys.getPublic(), true, Duration.ofDays(2));
    }

    public static TestCa create(String commonName) {
        return new TestCa(commonName);
    }

    public String certificatePem() {
        return pem(certificate);
    }

    /** A client certificate for {@code commonName} with an {@code algorithm} ("RSA" or "EC") key. */
    public Client client(String commonName, String algorithm, boolean pkcs8) {
        KeyPair pair = generate(algorithm);
        X509Certificate cert = sign(new X500Name("CN=" + commonName), pair.getPublic(), false, Duration.ofDays(2));
        return new Client(pem(cert), pkcs8 ? pkcs8(pair.getPrivate()) : traditional(pair), cert);
    }

    private X509Certificate sign(X500Name subject, java.security.PublicKey publicKey, boolean ca, Duration validity) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
                    subject, publicKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!ca) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** PKCS#1 for RSA; SEC1 for EC with its curve and public key, as openssl writes it. */
    private static String traditional(KeyPair pair) {
        if (!(pair.getPrivate() instanceof ECPrivateKey ec)) {
            return pem(pair.getPrivate());
        }
        try {
            byte[] point = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getBytes();
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), new DERBitString(point),
                    SECObjectIdentifiers.secp256r1);
            return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pkcs8(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
