/** What a network namespace name may be wherever fwtui takes one (argv, records): `ip netns` names, no path. */

const NETNS_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}$/;

/** Checks a namespace name before it reaches argv (no leading dash, no path, at most 255 characters). */
export function validNetnsName(name: string): boolean {
  return NETNS_NAME.test(name) && name !== '.' && name !== '..';
}
