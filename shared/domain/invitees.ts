import type { ZoneCode } from './zones.ts';

/** Who a cohort's invitation campaign invites: Missouri school districts and potential CNZ partners. */
export const INVITEE_KINDS = ['district', 'partner'] as const;
export type InviteeKind = (typeof INVITEE_KINDS)[number];

/** The zones each kind of invitee may apply to. */
export const ZONES_OF_KIND: Readonly<Record<InviteeKind, readonly ZoneCode[]>> = {
  district: ['SDZ', 'ILDZ'],
  partner: ['CNZ'],
};

/** The zones that concern an invitee: those open to its kind, narrowed by its stated interest (none = every one). */
export function zonesFor(invitee: {
  readonly kind: InviteeKind;
  readonly zoneInterest: readonly ZoneCode[];
}): ZoneCode[] {
  const open = ZONES_OF_KIND[invitee.kind];
  return invitee.zoneInterest.length === 0 ? [...open] : open.filter((zone) => invitee.zoneInterest.includes(zone));
}
