/** Primary keys of every item kind in the single table. */
export const keys = {
  application: (applicationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' }),
  idempotency: (idempotencyKey: string) => ({ pk: `IDEMPOTENCY#${idempotencyKey}`, sk: 'IDEMPOTENCY' }),
  notification: (notificationKey: string) => ({ pk: `NOTIFICATION#${notificationKey}`, sk: 'NOTIFICATION' }),
  cohortZone: (cohort: string, zone: string) => `COHORT#${cohort}#ZONE#${zone}`,
  /** A facilitator's question to an applicant, in the application's own partition. */
  clarification: (applicationId: string, clarificationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: `CLARIFICATION#${clarificationId}` }),
  /** A window extension granted to one applicant of a cohort's zone. */
  extension: (cohort: string, zone: string, applicantKey: string) => ({ pk: `EXTENSION#${cohort}#${zone}#${applicantKey}`, sk: 'EXTENSION' }),
  /** Index partition listing a zone's extensions (never the review queue's partition). */
  extensionsOf: (cohort: string, zone: string) => `EXTENSIONS#${cohort}#${zone}`,
  /** A zone's results release: who released it, when, and how far it got. */
  release: (cohort: string, zone: string) => ({ pk: `RELEASE#${cohort}#${zone}`, sk: 'RELEASE' }),
} as const;

/** Epoch seconds, the unit of DynamoDB's time-to-live attribute. */
export function epochSeconds(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}

/** True when a time-to-live has passed; dynalite never deletes, so readers check. */
export function isExpired(item: { expiresAt?: number }, now: Date): boolean {
  return item.expiresAt !== undefined && item.expiresAt <= epochSeconds(now);
}
