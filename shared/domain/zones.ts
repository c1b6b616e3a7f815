/** The three Innovation Zones (tiers). */
export const ZONE_CODES = ['SDZ', 'ILDZ', 'CNZ'] as const;
export type ZoneCode = (typeof ZONE_CODES)[number];

export const ZONE_NAMES: Readonly<Record<ZoneCode, string>> = {
  SDZ: 'System Design Zone',
  ILDZ: 'Innovative Learning Design Zone',
  CNZ: 'Collaborative Network Zone',
};

/**
 * Who may apply to each zone (docs/domain.md): the SDZ is for school districts; the ILDZ for
 * districts, schools and teachers; the CNZ for organizations. The application schemas say
 * the same (a test holds them to this), and an extension is only for these kinds.
 */
export const APPLICANT_KINDS_OF_ZONE = {
  SDZ: ['district'],
  ILDZ: ['district', 'school', 'teacher'],
  CNZ: ['organization'],
} as const satisfies Readonly<Record<ZoneCode, readonly string[]>>;

/** "System Design Zone (SDZ)": how every email names a zone. */
export function zoneTitle(zone: ZoneCode): string {
  return `${ZONE_NAMES[zone]} (${zone})`;
}
