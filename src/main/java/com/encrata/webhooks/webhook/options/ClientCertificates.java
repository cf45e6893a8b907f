package com.encrata.webhooks.webhook.options;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an mTLS client certificate chain and its private key from PEM (SPEC §10): unencrypted
 * PKCS#8 ({@code PRIVATE KEY}) or PKCS#1/SEC1 ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}),
 * RSA or EC. What is refused comes back as a message that never repeats the input.
 */
public final class ClientCertificates {

    /** A certificate chain and its key, read and checked. */
    public record Identity(List<X509Certificate> chain, PrivateKey key, String sha256, Instant notAfter) {
    }

    /** Why a certificate or key was refused, and which of the two ({@code certificate} or {@code private_key}). */
    public static final class Refused extends Exception {
        private final String field;

        Refused(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    // 1.2.840.113549.1.1.1 (rsaEncryption) and 1.2.840.10045.2.1 (id-ecPublicKey), DER-encoded.
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    private static final byte[] EC_OID = HexFormat.of().parseHex("06072a8648ce3d0201");

    private ClientCertificates() {
    }

    /** Reads and checks both: they parse, the key belongs to the first certificate, which has not expired. */
    public static Identity read(String certificatePem, String privateKeyPem, Instant now) throws Refused {
        List<X509Certificate> chain = certificates(certificatePem);
        X509Certificate leaf = chain.get(0);
        if (!leaf.getNotAfter().toInstant().isAfter(now)) {
            throw new Refused("certificate", "has expired");
        }
        PrivateKey key = privateKey(privateKeyPem);
        if (!matches(key, leaf.getPublicKey())) {
            throw new Refused("private_key", "does not belong to the certificate");
        }
        try {
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
            return new Identity(chain, key, sha256, leaf.getNotAfter().toInstant());
        } catch (GeneralSecurityException e) {
            throw new Refused("certificate", "must be a PEM certificate chain");
        }
    }

    private static List<X509Certificate> certificates(String pem) throws Refused {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new Refused("certificate", "must be a PEM certificate chain");
        }
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new Refused("certificate", "must be a PEM certificate chain");
            }
            return chain;
        } catch (CertificateException | ClassCastException e) {
            throw new Refused("certificate", "must be a PEM certificate chain");
        }
    }

    private static PrivateKey privateKey(String pem) throws Refused {
        Matcher m = pem == null ? null : PEM.matcher(pem);
        if (m == null || !m.find()) {
            throw new Refused("private_key", "must be an unencrypted PEM private key (PKCS#8 or PKCS#1, RSA or EC)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            return switch (m.group(1)) {
                case "PRIVATE KEY" -> pkcs8(der);
                case "RSA PRIVATE KEY" -> pkcs8(sequence(integerZero(), RSA_ALGORITHM, octets(der)));
                case "EC PRIVATE KEY" -> pkcs8(sequence(integerZero(), sequence(EC_OID, ecCurve(der)), octets(der)));
                default -> throw new Refused("private_key",
                        "must be an unencrypted PEM private key (PKCS#8 or PKCS#1, RSA or EC)");
            };
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new Refused("private_key", "must be an unencrypted PEM private key (PKCS#8 or PKCS#1, RSA or EC)");
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    /** Whether the key signs what the public key verifies. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] probe = "encrata-mtls-key-check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    // SEC1 ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] parameters OID, [1] publicKey }
    private static byte[] ecCurve(byte[] sec1) {
        int[] at = {0};
        expect(sec1, at, 0x30);
        length(sec1, at);
        while (at[0] < sec1.length) {
            int tag = sec1[at[0]++] & 0xff;
            int len = length(sec1, at);
            if (tag == 0xa0) {
                byte[] oid = new byte[len];
                System.arraycopy(sec1, at[0], oid, 0, len);
                return oid;
            }
            at[0] += len;
        }
        throw new IllegalArgumentException("no curve");
    }

    private static void expect(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected tag");
        }
    }

    private static int length(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int len = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            len = (len << 8) | (der[at[0]++] & 0xff);
        }
        return len;
    }

    private static byte[] integerZero() {
        return new byte[] {0x02, 0x01, 0x00};
    }

    private static byte[] octets(byte[] content) {
        return tagged(0x04, content);
    }

    private static byte[] sequence(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] content = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, content, at, part.length);
            at += part.length;
        }
        return tagged(0x30, content);
    }

    private static byte[] tagged(int tag, byte[] content) {
        byte[] length = BigInteger.valueOf(content.length).toByteArray();
        if (length[0] == 0) {
            length = java.util.Arrays.copyOfRange(length, 1, length.length);
        }
        byte[] header = content.length < 0x80 ? new byte[] {(byte) tag, (byte) content.length}
                : new byte[2 + length.length];
        if (content.length >= 0x80) {
            header[0] = (byte) tag;
            header[1] = (byte) (0x80 | length.length);
            System.arraycopy(length, 0, header, 2, length.length);
        }
        byte[] out = new byte[header.length + content.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(content, 0, out, header.length, content.length);
        return out;
    }
}
