import type { Sla } from '../../core/sla.ts';
import type { SlaStatus, SlaTargetStatus } from './quality-report.ts';

/** The figures of a quality run the SLA is measured from. */
export interface SlaRunFigures {
  /** The stored run's id, or 0 for the run being made. */
  readonly runId: number;
  readonly checkedAt: string;
  readonly completeness: number | null;
  readonly accuracy: number | null;
}

/** What {@link measureSla} needs. */
export interface SlaMeasurementInput {
  readonly productId: string;
  readonly sla: Sla;
  /** ISO time of the last successful write, or null when never written. */
  readonly lastWriteAt: string | null;
  /** The quality run to take completeness and accuracy from, or null when there is none. */
  readonly run: SlaRunFigures | null;
  readonly now: Date;
}

function percentTarget(
  target: number | undefined,
  measured: number | null,
  run: SlaRunFigures | null,
): SlaTargetStatus {
  const basis =
    run === null
      ? 'no quality run yet; run `meshwork quality`'
      : run.runId === 0
        ? `this quality run at ${run.checkedAt}`
        : `quality run ${run.runId} at ${run.checkedAt}`;
  return {
    target: target ?? null,
    measured,
    met: target === undefined || measured === null ? null : measured >= target,
    basis,
  };
}

/**
 * Measures a product's SLA: freshness from the time of its last successful write, completeness and accuracy from a
 * quality run; availability stays declared only.
 * @example measureSla({ productId, sla, lastWriteAt, run, now: new Date() }).freshness.met
 */
export function measureSla(input: SlaMeasurementInput): SlaStatus {
  const { sla, lastWriteAt, run, now } = input;
  const ageMinutes =
    lastWriteAt === null ? null : Math.max(0, (now.getTime() - Date.parse(lastWriteAt)) / 60_000);
  const targetMinutes = sla.freshnessMinutes ?? null;
  const freshness = {
    targetMinutes,
    lastWriteAt,
    ageMinutes: ageMinutes === null ? null : Math.round(ageMinutes * 100) / 100,
    // A product never written cannot be fresh.
    met: targetMinutes === null ? null : ageMinutes !== null && ageMinutes <= targetMinutes,
    basis: lastWriteAt === null ? 'never written' : `last successful write at ${lastWriteAt}`,
  };
  const completeness = percentTarget(sla.completeness, run?.completeness ?? null, run);
  const accuracy = percentTarget(sla.accuracy, run?.accuracy ?? null, run);
  const availability: SlaTargetStatus = {
    target: sla.availability ?? null,
    measured: null,
    met: null,
    basis:
      'declared only: availability is measured by the service hosting the store, not by the store itself',
  };
  const measured = [freshness.met, completeness.met, accuracy.met].filter((m): m is boolean => m !== null);
  return {
    productId: input.productId,
    measuredAt: now.toISOString(),
    availability,
    freshness,
    completeness,
    accuracy,
    met: measured.length === 0 ? null : measured.every((m) => m),
  };
}
