/** Counter cells for the rule view: exact (-x) or as iptables -L -v prints them (K/M/G). */
import { humanCount } from '../../domain/listing/human-count.js';

export const counterText = (value: bigint, exact: boolean): string => (exact ? String(value) : humanCount(value));
