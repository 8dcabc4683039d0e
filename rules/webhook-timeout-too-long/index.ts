import { defineRule, type FixSpec, type Related } from '../../server/src/engine/rule-api';
import type { Path } from '../../server/src/engine/yaml-path';
import { EKS } from '../lib/docs';
import { WEBHOOK_KINDS, type Webhook, webhooksOf } from '../lib/webhooks';
import { type Chain, chainTotal, describeRequest, webhookKey, worstChains } from './chain';

const DEFAULTS = { maxWebhookTimeout: 15, recommendedTimeout: 5, maxTotalTimeout: 30 };

function option(options: Record<string, unknown>, key: keyof typeof DEFAULTS): number {
  const value = options[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : DEFAULTS[key];
}

export default defineRule({
  meta: {
    id: 'webhook-timeout-too-long',
    category: 'static-stability',
    severity: 'warning',
    signal: 'strong',
    fixable: 'unsafe',
    kinds: [...WEBHOOK_KINDS],
    messages: {
      chain:
        'Webhook "{{webhook}}" ({{timeout}}s) is one of {{count}} webhooks called on {{request}}: mutating webhooks run one after another and validating ones in parallel, so a single request can wait {{total}}s on their backends ({{members}}), and every such API call stalls that long while they are slow.',
      failClosed:
        'Webhook "{{webhook}}" fails closed with a timeout of {{timeout}}s{{defaulted}}: while its backend hangs, every matching API request waits {{timeout}}s and is then rejected, so clients and controllers stall and retry for the whole outage.',
      tooLong:
        'Webhook "{{webhook}}" has a timeout of {{timeout}}s{{defaulted}}: while its backend hangs, every matching API request waits {{timeout}}s before it fails open, as long as an admission call should ever take.',
      long: 'Webhook "{{webhook}}" has a timeout of {{timeout}}s{{defaulted}}: a slow backend adds up to {{timeout}}s to every matching API request, where a few seconds are enough for a webhook that answers from memory.',
      setTimeout: 'Set timeoutSeconds to {{timeout}}',
      setChainTimeouts: 'Set timeoutSeconds to {{timeout}} on the {{count}} slow webhooks of this chain',
    },
    docs: {
      description:
        'Admission webhooks need short timeouts: a hanging backend holds every matching API request for the timeout, and the timeouts of several webhooks add up.',
      source: { title: 'EKS Best Practices: Reliability › EKS Control Plane › Admission Webhooks', url: `${EKS}/control-plane.html` },
    },
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxWebhookTimeout: {
          description: 'A fail-closed webhook whose timeout is at least this many seconds is a warning.',
          type: 'integer',
          minimum: 1,
          maximum: 30,
          default: DEFAULTS.maxWebhookTimeout,
        },
        recommendedTimeout: {
          description: 'Timeouts above this many seconds are reported as info, and the quick-fix writes this value.',
          type: 'integer',
          minimum: 1,
          maximum: 30,
          default: DEFAULTS.recommendedTimeout,
        },
        maxTotalTimeout: {
          description:
            'The most seconds one API request may wait on its webhooks: the sum of the mutating timeouts plus the largest validating timeout, per resource and operation.',
          type: 'integer',
          minimum: 1,
          default: DEFAULTS.maxTotalTimeout,
        },
      },
    },
  },
  check({ resource, relations, options, report }) {
    const webhooks = webhooksOf(resource);
    if (webhooks.length === 0) return;
    const maxWebhook = option(options, 'maxWebhookTimeout');
    const recommended = option(options, 'recommendedTimeout');
    const maxTotal = option(options, 'maxTotalTimeout');
    const chains = worstChains(relations, resource);
    for (const webhook of webhooks) {
      const timeout = webhook.timeoutSeconds;
      const name = label(webhook);
      const at: Path = webhook.timeoutExplicit ? [...webhook.path, 'timeoutSeconds'] : [...webhook.path, 'name'];
      const on = webhook.timeoutExplicit ? ('value' as const) : ('key' as const);
      const defaulted = webhook.timeoutExplicit ? '' : ` (the default of ${webhook.configuration.apiVersion})`;
      const setOwn: FixSpec = {
        messageId: 'setTimeout',
        data: { timeout: recommended },
        apply: (fix) => fix.set(webhook.configuration, [...webhook.path, 'timeoutSeconds'], recommended),
      };

      const chain = chains.get(webhookKey(webhook));
      if (chain && chain.webhooks.length >= 2 && chain.total >= maxTotal && contributes(webhook, chain, recommended)) {
        const ownLowered = chainTotal(chain.mutating, chain.validating, (w) => (same(w, webhook) ? Math.min(w.timeoutSeconds, recommended) : w.timeoutSeconds));
        const allLowered = chainTotal(chain.mutating, chain.validating, (w) => Math.min(w.timeoutSeconds, recommended));
        const slow = chain.webhooks.filter((w) => w.timeoutSeconds > recommended);
        const suggest: FixSpec[] = [];
        if (ownLowered < maxTotal && timeout > recommended) suggest.push(setOwn);
        else if (allLowered < maxTotal && slow.length > 0) {
          suggest.push({
            messageId: 'setChainTimeouts',
            data: { timeout: recommended, count: slow.length },
            apply: (fix) => {
              for (const w of slow) fix.set(w.configuration, [...w.path, 'timeoutSeconds'], recommended);
            },
          });
        }
        report({
          at,
          on,
          messageId: 'chain',
          data: {
            webhook: name,
            timeout,
            count: chain.webhooks.length,
            request: describeRequest(chain.request),
            total: chain.total,
            members: members(chain),
          },
          severity: 'warning',
          suggest,
          related: chain.webhooks
            .filter((w) => !same(w, webhook))
            .map(
              (w): Related => ({
                resource: w.configuration,
                at: w.timeoutExplicit ? [...w.path, 'timeoutSeconds'] : [...w.path, 'name'],
                message: `${w.mutating ? 'Mutating' : 'Validating'} webhook "${label(w)}" waits up to ${w.timeoutSeconds}s on ${describeRequest(chain.request)}`,
              }),
            ),
        });
        continue;
      }

      let messageId: string | undefined;
      let severity: 'warning' | 'info' = 'warning';
      if (webhook.failurePolicy === 'Fail' && timeout >= maxWebhook) messageId = 'failClosed';
      else if (timeout >= maxTotal) messageId = 'tooLong';
      else if (timeout > recommended) {
        messageId = 'long';
        severity = 'info';
      }
      if (!messageId) continue;
      report({ at, on, messageId, data: { webhook: name, timeout, defaulted }, severity, suggest: [setOwn] });
    }
  },
});

function label(webhook: Webhook): string {
  return webhook.name || `#${webhook.index + 1}`;
}

function same(a: Webhook, b: Webhook): boolean {
  return a.configuration.id === b.configuration.id && a.index === b.index;
}

/**
 * Whether lowering this webhook's timeout would shorten the chain: every mutating webhook adds its timeout,
 * but only the slowest validating one counts. A webhook already at the recommended timeout is left alone,
 * unless every webhook of the chain is (then they are simply too many).
 */
function contributes(webhook: Webhook, chain: Chain, recommended: number): boolean {
  const counts = webhook.mutating || webhook.timeoutSeconds >= Math.max(...chain.validating.map((w) => w.timeoutSeconds));
  if (!counts) return false;
  return webhook.timeoutSeconds > recommended || chain.webhooks.every((w) => w.timeoutSeconds <= recommended);
}

/** `"a" 10s mutating, "b" 10s mutating, "c" 10s validating`. */
function members(chain: Chain): string {
  return [...chain.mutating, ...chain.validating].map((w) => `"${label(w)}" ${w.timeoutSeconds}s ${w.mutating ? 'mutating' : 'validating'}`).join(', ');
}
