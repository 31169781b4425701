/** Counter and rate cells for the rule view. */
import { humanCount, humanRate } from '../../domain/human-count.js';

export const counterText = (value: bigint, exact: boolean): string => (exact ? String(value) : humanCount(value));
export const rateText = humanRate;
