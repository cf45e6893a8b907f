// Receiver-side verification of both signatures, shown under a new secret. The secret itself is
// never put into a snippet: receivers read it from their environment.

export const PYTHON = `import base64, hashlib, hmac, os, time

SECRET = os.environ["ENCRATA_WEBHOOK_SECRET"]  # whsec_...

def verify_encrata_signature(body: bytes, signature: str) -> bool:
    """X-Encrata-Signature: hex HMAC-SHA256 of the raw body, keyed with the whole secret."""
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)

def verify_webhook_signature(body: bytes, msg_id: str, timestamp: str, signatures: str) -> bool:
    """webhook-signature (Standard Webhooks): space-separated "v1,<base64>" entries."""
    if abs(time.time() - int(timestamp)) > 300:
        return False  # too old (or from the future): refuse replays
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, entry[3:])
               for entry in signatures.split(" ") if entry.startswith("v1,"))

# body: the raw request bytes (Flask: request.get_data()), before any JSON parsing.
# msg_id, timestamp, signatures: the webhook-id, webhook-timestamp, webhook-signature headers.
`;

export const NODE = `const crypto = require("node:crypto");

const SECRET = process.env.ENCRATA_WEBHOOK_SECRET; // whsec_...

// X-Encrata-Signature: hex HMAC-SHA256 of the raw body, keyed with the whole secret.
function verifyEncrataSignature(rawBody, signature) {
  const expected = crypto.createHmac("sha256", SECRET).update(rawBody).digest("hex");
  return safeEqual(expected, signature);
}

// webhook-signature (Standard Webhooks): space-separated "v1,<base64>" entries.
function verifyWebhookSignature(rawBody, msgId, timestamp, signatures) {
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false; // refuse replays
  const key = Buffer.from(SECRET.slice("whsec_".length), "base64");
  const expected = crypto.createHmac("sha256", key)
    .update(\`\${msgId}.\${timestamp}.\`).update(rawBody).digest("base64");
  return signatures.split(" ")
    .some((entry) => entry.startsWith("v1,") && safeEqual(expected, entry.slice(3)));
}

function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// rawBody: the request body as a Buffer (Express: express.raw({ type: "application/json" })).
// msgId, timestamp, signatures: the webhook-id, webhook-timestamp, webhook-signature headers.
`;
