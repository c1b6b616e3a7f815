/** The three Innovation Zones (tiers). */
export const ZONE_CODES = ['SDZ', 'ILDZ', 'CNZ'] as const;
export type ZoneCode = (typeof ZONE_CODES)[number];

export const ZONE_NAMES: Readonly<Record<ZoneCode, string>> = {
  SDZ: 'System Design Zone',
  ILDZ: 'Innovative Learning Design Zone',
  CNZ: 'Collaborative Network Zone',
};

/** "System Design Zone (SDZ)": how every email names a zone. */
export function zoneTitle(zone: ZoneCode): string {
  return `${ZONE_NAMES[zone]} (${zone})`;
}
