import { randomUUID } from 'node:crypto';
import { EventOutbox } from '../../catalog/events/event-outbox.ts';
import { type EventType, isEventType } from '../../catalog/events/event-types.ts';
import {
  type Webhook,
  type WebhookDelivery,
  WebhookStore,
  withoutSecret,
} from '../../catalog/events/webhook-store.ts';
import { MeshError } from '../../core/errors.ts';
import type { EngineSession } from '../../engine/engine.ts';
import { isGrantActive } from '../../governance/access-store.ts';
import { governanceStores } from '../../governance/governed-context.ts';
import { canManageDomain, isPlatformAdmin, LOCAL_ADMIN, type Principal } from '../../governance/principal.ts';
import type { MeshContext } from '../mesh-context.ts';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.ts';
import { generateWebhookSecret } from './webhook-signature.ts';
import { assertWebhookHost } from './webhook-target.ts';

/** What {@link MeshWebhooks.register} needs. */
export interface WebhookRegistration {
  /** Where deliveries are POSTed (http or https). */
  readonly url: string;
  /** Only events of this product. */
  readonly product?: string;
  /** Only events of this domain. */
  readonly domain?: string;
  /** Only events of these types (default: every type). */
  readonly types?: readonly string[];
  /** Deliver events after this cursor (default: the newest event now, so only events from now on). */
  readonly after?: number;
  readonly description?: string;
}

/** A new webhook and its signing secret, which is shown this once. */
export interface RegisteredWebhook {
  readonly webhook: Webhook;
  /** `whsec_<base64>`: keep it to verify signatures; it cannot be read again. */
  readonly secret: string;
}

const store = new WebhookStore();
const outbox = new EventOutbox();

/**
 * Webhooks as a handle's principal: register them per product, domain and event type, list, remove, read their
 * delivery log, redeliver. A platform admin manages every webhook; anyone else registers webhooks only for events it
 * may read (a domain it owns, a product it owns or holds a grant on) and sees and removes its own.
 */
export class MeshWebhooks {
  readonly #ctx: MeshContext;

  /** Webhooks seen through a mesh handle. */
  constructor(ctx: MeshContext) {
    this.#ctx = ctx;
  }

  get #principal(): Principal {
    return this.#ctx.principal ?? LOCAL_ADMIN;
  }

  /**
   * Registers a webhook and returns it with its new secret.
   * @throws MeshError `invalid_input` for a bad URL, type or cursor; `not_found` for an unknown product;
   * `unauthorized` for events the principal may not read.
   * @example const { webhook, secret } = await mesh.webhooks.register({ url: 'https://x/hook', product: 'sales.transactions' });
   */
  async register(input: WebhookRegistration): Promise<RegisteredWebhook> {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new MeshError(
        'invalid_input',
        `webhook url "${input.url}" is not a URL; give an http:// or https:// address`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new MeshError('invalid_input', `webhook url must be http:// or https://, got ${url.protocol}`);
    assertWebhookHost(url, this.#ctx.webhookTargets ?? 'any');
    const types: EventType[] = [];
    for (const t of input.types ?? []) {
      if (!isEventType(t))
        throw new MeshError('invalid_input', `webhook type "${t}" is not an event type; see docs/events.md`);
      types.push(t);
    }
    if (input.after !== undefined && !(Number.isSafeInteger(input.after) && input.after >= 0))
      throw new MeshError(
        'invalid_input',
        `webhook after must be a cursor (a whole number ≥ 0), got ${input.after}`,
      );
    const p = this.#principal;
    const at = this.#ctx.now().toISOString();
    return this.#ctx.engine.transaction(async (tx) => {
      if (input.product !== undefined) {
        const record = await this.#ctx.registry.find(tx, input.product);
        if (!record)
          throw new MeshError('not_found', `no product ${input.product}; list them with meshwork list`);
        const granted = (
          await governanceStores.access.listGrants(tx, { productId: input.product, principalId: p.id })
        ).some((g) => isGrantActive(g, at));
        if (!canManageDomain(p, record.descriptor.domain) && !granted)
          throw new MeshError(
            'unauthorized',
            `${p.id} may not watch ${input.product}: it needs to own its domain or hold a grant on it`,
          );
      }
      if (input.domain !== undefined && !canManageDomain(p, input.domain))
        throw new MeshError(
          'unauthorized',
          `${p.id} may not watch domain ${input.domain}: only its owners and platform admins may`,
        );
      if (input.product === undefined && input.domain === undefined && !isPlatformAdmin(p))
        throw new MeshError(
          'unauthorized',
          `${p.id} may not watch every event: name a product or a domain, or ask a platform admin`,
        );
      const secret = generateWebhookSecret();
      const full = {
        id: randomUUID(),
        url: url.toString(),
        productId: input.product ?? null,
        domain: input.domain ?? null,
        types,
        createdBy: p.id,
        createdAt: at,
        after: input.after ?? (await outbox.head(tx)),
        description: input.description ?? null,
        secret,
      };
      await store.insert(tx, full);
      await this.#audit(tx, 'webhook.register', full.id, {
        host: url.host,
        product: full.productId,
        domain: full.domain,
        types: full.types,
      });
      return { webhook: withoutSecret(full), secret };
    });
  }

  /** Lists the webhooks the principal may see (an admin: all; anyone else: its own), without secrets. */
  async list(): Promise<Webhook[]> {
    const p = this.#principal;
    const all = await store.list(this.#ctx.engine, isPlatformAdmin(p) ? undefined : p.id);
    return all.map(withoutSecret);
  }

  /**
   * Removes a webhook and its delivery log.
   * @throws MeshError `not_found` for an unknown webhook or one the principal may not see.
   */
  async remove(id: string): Promise<void> {
    await this.#own(id);
    await this.#ctx.engine.transaction(async (tx) => {
      await store.remove(tx, id);
      await this.#audit(tx, 'webhook.remove', id, {});
    });
  }

  /**
   * A webhook's delivery log, newest first.
   * @throws MeshError `not_found` as {@link MeshWebhooks.remove}.
   */
  async deliveries(id: string, limit = 50): Promise<WebhookDelivery[]> {
    await this.#own(id);
    return store.deliveries(this.#ctx.engine, id, limit);
  }

  /**
   * Sends one event to a webhook again now (same `webhook-id`), logged as a manual attempt.
   * @throws MeshError `not_found` for an unknown webhook or event.
   */
  async redeliver(
    id: string,
    eventId: string,
    options: WebhookDispatcherOptions = {},
  ): Promise<WebhookDelivery> {
    await this.#own(id);
    return new WebhookDispatcher(this.#ctx.engine, { now: this.#ctx.now, ...options }).redeliver(id, eventId);
  }

  /**
   * A dispatcher delivering every webhook's events (a platform component, e.g. run by the server).
   * @throws MeshError `unauthorized` unless a platform admin.
   */
  dispatcher(options: WebhookDispatcherOptions = {}): WebhookDispatcher {
    if (!isPlatformAdmin(this.#principal))
      throw new MeshError(
        'unauthorized',
        `${this.#principal.id} may not run the webhook dispatcher: it is for platform admins`,
      );
    return new WebhookDispatcher(this.#ctx.engine, {
      now: this.#ctx.now,
      targets: this.#ctx.webhookTargets ?? 'any',
      ...options,
    });
  }

  #audit(s: EngineSession, action: string, target: string, details: Record<string, unknown>) {
    // The URL's host only: a path or query may carry a receiver's own credentials.
    return this.#ctx.audit.append(s, {
      at: this.#ctx.now().toISOString(),
      actor: this.#ctx.actor,
      principal: this.#principal.id,
      action,
      target,
      outcome: 'ok',
      details,
    });
  }

  async #own(id: string): Promise<void> {
    const w = await store.find(this.#ctx.engine, id);
    const p = this.#principal;
    if (!w || (!isPlatformAdmin(p) && w.createdBy !== p.id))
      throw new MeshError('not_found', `no webhook ${id}; list them with meshwork webhook list`);
  }
}
