import { EventOutbox } from '../../catalog/events/event-outbox.ts';
import type { ProductDescriptor } from '../../core/descriptor.ts';
import type { EngineSession } from '../../engine/engine.ts';
import { LOCAL_ADMIN } from '../../governance/principal.ts';
import type { MeshContext } from '../mesh-context.ts';
import type { QualityReport, SlaVerdict } from './quality-report.ts';

const outbox = new EventOutbox();

/** The SLA verdict of a stored report, when it has one. */
export function slaVerdictOf(report: unknown): SlaVerdict | null {
  const verdict = (report as { sla?: { verdict?: unknown } } | null)?.sla?.verdict;
  return verdict === 'met' || verdict === 'missed' || verdict === 'unknown' ? verdict : null;
}

/**
 * Writes the events of a stored quality run in its transaction: `quality.run_finished`, and `sla.breached` when the
 * SLA verdict turns to `missed` (from anything else, a first run included) or `sla.recovered` when it turns from
 * `missed` to `met`.
 */
export async function recordQualityEvents(
  s: EngineSession,
  ctx: MeshContext,
  d: ProductDescriptor,
  report: QualityReport,
  previous: SlaVerdict | null,
): Promise<void> {
  const common = {
    time: report.checkedAt,
    productId: d.id,
    domain: d.domain,
    principal: (ctx.principal ?? LOCAL_ADMIN).id,
    actor: ctx.actor,
  };
  const sla = report.sla.verdict;
  await outbox.append(s, {
    ...common,
    type: 'quality.run_finished',
    payload: {
      version: d.version,
      runId: report.runId,
      verdict: report.verdict,
      totalRecords: report.totalRecords,
      completeness: report.completeness.overall,
      accuracy: report.validity.accuracy,
      qualityLevel: report.qualityLevel.derived,
      sla,
      failures: report.failures.length,
    },
  });
  const figures = {
    version: d.version,
    runId: report.runId,
    previous,
    verdict: sla,
    freshness: report.sla.freshness.met,
    completeness: report.sla.completeness.met,
    accuracy: report.sla.accuracy.met,
  };
  if (sla === 'missed' && previous !== 'missed')
    await outbox.append(s, { ...common, type: 'sla.breached', payload: figures });
  else if (sla === 'met' && previous === 'missed')
    await outbox.append(s, { ...common, type: 'sla.recovered', payload: figures });
}
