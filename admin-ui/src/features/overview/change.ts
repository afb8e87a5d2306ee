import type { NetWorth } from '../../api/types';
import { absDecimal, divideDecimal, signOfDecimal, subtractDecimal } from '../../money/decimal';

/** Fraction digits of the relative change as a share: 4 digits are a percentage with 2 ("0.0735" = 7.35 %). */
export const SHARE_DIGITS = 4;

export interface NetWorthChange {
  /** Net worth now minus net worth at the start, exact. */
  readonly difference: string;
  /**
   * The difference as a share of the start's net worth (its absolute value, so that a negative net worth that
   * shrinks shows as a rise), rounded half up to {@link SHARE_DIGITS}; null when the start's net worth is zero.
   */
  readonly relative: string | null;
  readonly direction: -1 | 0 | 1;
  /** The two answers leave out different positions or use different stale rates: the comparison holds estimates. */
  readonly estimates: boolean;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/** The change from the start's answer to the current one, computed on the decimal strings only. */
export function netWorthChange(current: NetWorth, start: NetWorth): NetWorthChange {
  const difference = subtractDecimal(current.netWorth, start.netWorth);
  const relative = divideDecimal(difference, absDecimal(start.netWorth), SHARE_DIGITS);
  const estimates = !sameSet(current.unpriced.map((u) => u.positionId), start.unpriced.map((u) => u.positionId))
    || !sameSet(current.staleRates.map((r) => r.currency), start.staleRates.map((r) => r.currency));
  return { difference, relative, direction: signOfDecimal(difference), estimates };
}
