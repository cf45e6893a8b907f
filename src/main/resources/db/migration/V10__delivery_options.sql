-- Delivery options of a webhook (SPEC §10): its own headers, credentials for its endpoint, a filter.

-- The headers as a JSON object, in the order they were given (text, not jsonb, to keep that order).
ALTER TABLE webhooks ADD COLUMN headers text NOT NULL DEFAULT '{}';

-- How the service authenticates to the endpoint: the public part as a JSON object with its "type"
-- (null for none), and the secret part (password, token, client secret or private key) encrypted
-- like the signing secret, with "<webhook id>:auth" as associated data.
ALTER TABLE webhooks ADD COLUMN auth text;
ALTER TABLE webhooks ADD COLUMN auth_secret_ciphertext text;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_auth_complete
    CHECK ((auth IS NULL) = (auth_secret_ciphertext IS NULL));

-- A CEL expression over event and data; filter_id changes whenever the filter does, so a cached
-- compiled filter can be recognised as current without comparing the text.
ALTER TABLE webhooks ADD COLUMN filter text;
ALTER TABLE webhooks ADD COLUMN filter_id uuid;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_filter_identified CHECK ((filter IS NULL) = (filter_id IS NULL));
