/** Primary keys of every item kind in the single table. */
export const keys = {
  application: (applicationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: 'APPLICATION' }),
  idempotency: (idempotencyKey: string) => ({ pk: `IDEMPOTENCY#${idempotencyKey}`, sk: 'IDEMPOTENCY' }),
  notification: (notificationKey: string) => ({ pk: `NOTIFICATION#${notificationKey}`, sk: 'NOTIFICATION' }),
  /** The right to claim one family of bulk notification keys (see claim-leases.ts). */
  claimLease: (scope: string) => ({ pk: `CLAIMLEASE#${scope}`, sk: 'CLAIMLEASE' }),
  cohortZone: (cohort: string, zone: string) => `COHORT#${cohort}#ZONE#${zone}`,
  /** A cohort's definition, state and version; every cohort in one small partition, listed by one Query. */
  cohort: (cohortId: string) => ({ pk: 'COHORTS', sk: `COHORT#${cohortId}` }),
  /** One change of a cohort (created, changed, scheduled, closed): who, when, what, by version. */
  cohortChange: (cohortId: string, version: number) => ({
    pk: 'COHORTS',
    sk: `CHANGE#${cohortId}#${String(version).padStart(6, '0')}`,
  }),
  cohortsIndex: 'COHORTS',
  /** A facilitator's question to an applicant, in the application's own partition. */
  clarification: (applicationId: string, clarificationId: string) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `CLARIFICATION#${clarificationId}`,
  }),
  /** A window extension granted to one applicant of a cohort's zone. */
  extension: (cohort: string, zone: string, applicantKey: string) => ({
    pk: `EXTENSION#${cohort}#${zone}#${applicantKey}`,
    sk: 'EXTENSION',
  }),
  /** Index partition listing a zone's extensions (never the review queue's partition). */
  extensionsOf: (cohort: string, zone: string) => `EXTENSIONS#${cohort}#${zone}`,
  /** A zone's results release: who released it, when, and how far it got. */
  release: (cohort: string, zone: string) => ({ pk: `RELEASE#${cohort}#${zone}`, sk: 'RELEASE' }),
  /** An invitee of a cohort's invitation campaign; one partition per cohort lists them all with a Query. */
  invitee: (cohort: string, inviteeId: string) => ({ pk: `INVITEE#${cohort}`, sk: `INVITEE#${inviteeId}` }),
  inviteesOf: (cohort: string) => `INVITEE#${cohort}`,
  /** One invitee CSV import that changed something: who, when, what (in the cohort's invitee partition). */
  inviteeImport: (cohort: string, importedAt: string, importId: string) => ({
    pk: `INVITEE#${cohort}`,
    sk: `IMPORT#${importedAt}#${importId}`,
  }),
  /** An address the app no longer mails (hard bounce or complaint), by its lower-case address. */
  suppression: (address: string) => ({ pk: `SUPPRESSED#${address}`, sk: 'SUPPRESSED' }),
  /** Index partition listing every suppressed address (small: the season's undeliverable contacts). */
  suppressionsIndex: 'SUPPRESSED',
  /**
   * A participant's roster (lead facilitators, or CNZ representative and alternate), in the application's partition.
   */
  roster: (applicationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: 'ROSTER' }),
  /** Index partition listing a cohort's rosters (gsi1sk `<zone>#<applicationId>`). */
  rostersOf: (cohort: string) => `ROSTER#${cohort}`,
  /** A facilitator's change (move, cancel) of one monthly session, by its scheduled date; one partition per cohort. */
  session: (cohort: string, sessionDate: string) => ({ pk: `SESSION#${cohort}`, sk: `SESSION#${sessionDate}` }),
  /** The video and slide links posted after one monthly session. */
  sessionMaterials: (cohort: string, sessionDate: string) => ({
    pk: `SESSION#${cohort}`,
    sk: `MATERIALS#${sessionDate}`,
  }),
  sessionsOf: (cohort: string) => `SESSION#${cohort}`,
} as const;

/** Epoch seconds, the unit of DynamoDB's time-to-live attribute. */
export function epochSeconds(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}

/** True when a time-to-live has passed; dynalite never deletes, so readers check. */
export function isExpired(item: { expiresAt?: number }, now: Date): boolean {
  return item.expiresAt !== undefined && item.expiresAt <= epochSeconds(now);
}
