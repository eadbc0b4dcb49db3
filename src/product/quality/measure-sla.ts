import type { Sla } from '../../core/sla.ts';
import type { SlaStatus, SlaTargetStatus, SlaVerdict } from './quality-report.ts';

/** The figures of a quality run the SLA is measured from. */
export interface SlaRunFigures {
  /** The stored run's id, or 0 for the run being made. */
  readonly runId: number;
  readonly checkedAt: string;
  /** Records the run checked; a run on 0 records measures nothing. */
  readonly totalRecords: number;
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
  /**
   * Availability measured by a server hosting the store, in percent, when one measures it. Undefined: nothing
   * measures it (the CLI and the SDK open the store only while they run), and availability is reported unmeasured.
   */
  readonly availability?: { readonly measured: number; readonly basis: string };
  readonly now: Date;
}

/** Why a quality run cannot stand for the data now, or undefined when it can. */
function staleRun(run: SlaRunFigures, sla: Sla, now: Date): string | undefined {
  const name =
    run.runId === 0 ? `this quality run at ${run.checkedAt}` : `quality run ${run.runId} at ${run.checkedAt}`;
  if (run.totalRecords === 0)
    return `${name} checked 0 records, which measures nothing; ingest data and run \`meshwork quality\``;
  const window = sla.freshnessMinutes;
  if (window !== undefined && (now.getTime() - Date.parse(run.checkedAt)) / 60_000 > window)
    return `${name} is older than the ${window}-minute freshness window; run \`meshwork quality\` again`;
  return undefined;
}

function percentTarget(
  target: number | undefined,
  measured: number | null,
  run: SlaRunFigures | null,
  stale: string | undefined,
): SlaTargetStatus {
  if (run === null || stale !== undefined)
    return {
      target: target ?? null,
      measured: null,
      met: null,
      basis: stale ?? 'no quality run yet; run `meshwork quality`',
    };
  return {
    target: target ?? null,
    measured,
    met: target === undefined || measured === null ? null : measured >= target,
    basis:
      run.runId === 0
        ? `this quality run at ${run.checkedAt}`
        : `quality run ${run.runId} at ${run.checkedAt}`,
  };
}

/**
 * Measures a product's SLA: freshness from the time of its last successful write, completeness and accuracy from a
 * quality run that checked records within the freshness window, availability only when a server measures it. The
 * verdict is `met` only when every declared target was measured and met, `missed` when a measured one was missed,
 * and `unknown` otherwise: an unmeasured target is never taken as met.
 * @example measureSla({ productId, sla, lastWriteAt, run, now: new Date() }).verdict
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
  const stale = run === null ? undefined : staleRun(run, sla, now);
  const completeness = percentTarget(sla.completeness, run?.completeness ?? null, run, stale);
  const accuracy = percentTarget(sla.accuracy, run?.accuracy ?? null, run, stale);
  const measuredAvailability = input.availability;
  const availability: SlaTargetStatus =
    measuredAvailability === undefined
      ? {
          target: sla.availability ?? null,
          measured: null,
          met: null,
          basis:
            'unmeasured: no server measures this store’s availability (the CLI and SDK open it only while they run)',
        }
      : {
          target: sla.availability ?? null,
          measured: measuredAvailability.measured,
          met: sla.availability === undefined ? null : measuredAvailability.measured >= sla.availability,
          basis: measuredAvailability.basis,
        };
  // Every declared target, measured (true/false) or not (null).
  const declared = [
    targetMinutes === null ? undefined : freshness.met,
    completeness.target === null ? undefined : completeness.met,
    accuracy.target === null ? undefined : accuracy.met,
    availability.target === null ? undefined : availability.met,
  ].filter((m): m is boolean | null => m !== undefined);
  const verdict: SlaVerdict = declared.some((m) => m === false)
    ? 'missed'
    : declared.length > 0 && declared.every((m) => m === true)
      ? 'met'
      : 'unknown';
  return {
    productId: input.productId,
    measuredAt: now.toISOString(),
    availability,
    freshness,
    completeness,
    accuracy,
    verdict,
    declaredTargets: declared.length,
    measuredTargets: declared.filter((m) => m !== null).length,
    met: verdict === 'unknown' ? null : verdict === 'met',
  };
}
