import { createHmac, randomBytes } from 'node:crypto';
import { MeshError } from '../../core/errors.ts';

/** The prefix of a Standard Webhooks signing secret. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Makes a new signing secret: `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The headers of a signed delivery, per the Standard Webhooks convention. */
export interface WebhookSignatureHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * Signs a delivery per Standard Webhooks: `v1,` and the base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed with
 * the bytes the secret's base64 part decodes to.
 * @throws MeshError `invalid_input` for a secret that is not `whsec_<base64>`.
 */
export function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): WebhookSignatureHeaders {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX))
    throw new MeshError('invalid_input', 'a webhook secret must look like whsec_<base64>');
  const key = Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${mac}` };
}
