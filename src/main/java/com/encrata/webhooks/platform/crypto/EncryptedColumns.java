package com.encrata.webhooks.platform.crypto;

import java.util.List;

/**
 * Where a feature keeps {@link SecretCipher} ciphertexts, so that a secrets-key rotation can move
 * every one of them to the new key ({@link SecretReencryption}).
 */
public interface EncryptedColumns {

    /** A ciphertext column, and the SQL expression that yields each row's associated data. */
    record Column(String table, String column, String associatedData) {
    }

    List<Column> encryptedColumns();
}
