/** Primary keys of every item kind in the single table. */
export const keys = {
  application: (applicationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' }),
  idempotency: (idempotencyKey: string) => ({ pk: `IDEMPOTENCY#${idempotencyKey}`, sk: 'IDEMPOTENCY' }),
  notification: (notificationKey: string) => ({ pk: `NOTIFICATION#${notificationKey}`, sk: 'NOTIFICATION' }),
  cohortZone: (cohort: string, zone: string) => `COHORT#${cohort}#ZONE#${zone}`,
} as const;

/** Epoch seconds, the unit of DynamoDB's time-to-live attribute. */
export function epochSeconds(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}

/** True when a time-to-live has passed; dynalite never deletes, so readers check. */
export function isExpired(item: { expiresAt?: number }, now: Date): boolean {
  return item.expiresAt !== undefined && item.expiresAt <= epochSeconds(now);
}
