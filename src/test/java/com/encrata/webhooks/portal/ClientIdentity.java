package com.encrata.webhooks.portal;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed EC client certificate and its PKCS#8 key in PEM, made for one test by the JDK's
 * keytool (the test classpath's BouncyCastle provider and PKIX jars are of different releases).
 */
record ClientIdentity(String certificatePem, String privateKeyPem, String sha256) {

    private static final String ALIAS = "client";
    private static final char[] PASSWORD = "changeit".toCharArray();

    static ClientIdentity create() throws Exception {
        Path dir = Files.createTempDirectory("client-identity");
        Path store = dir.resolve("client.p12");
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=encrata-webhooks-client", "-validity", "90", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD), "-noprompt"))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            Certificate certificate = keys.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) keys.getKey(ALIAS, PASSWORD);
            byte[] der = certificate.getEncoded();
            return new ClientIdentity(pem("CERTIFICATE", der), pem("PRIVATE KEY", key.getEncoded()),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }

    /** The first line of the key's base64 body: in the page only if the key were put back into it. */
    String privateKeyBody() {
        return privateKeyPem.lines().skip(1).findFirst().orElseThrow();
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
