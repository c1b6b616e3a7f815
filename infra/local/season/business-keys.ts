/**
 * What makes two emails "the same email" for the replay's checks: the notification kind and
 * the occasion it is about (session and offset, application and round...), per recipient.
 * The sent side reads them from each message's tags; the expected side builds them with the
 * same helpers. Per-address mailings (session emails) tag the first participant an address
 * represents, which is not part of the occasion, so it is left out.
 */
export const businessKey = {
  invitation: () => 'invitation',
  /**
   * Its tags name the zone only (the days-before is in its ledger key): fine while a cohort has one reminder per zone,
   * as the seed and its copies do.
   */
  deadlineReminder: (zone: string) => `deadline-reminder|${zone}`,
  receipt: (applicationId: string) => `receipt|${applicationId}`,
  reviewQueueReady: (zone: string) => `review-queue-ready|${zone}`,
  clarificationRequest: (applicationId: string) => `clarification-request|${applicationId}`,
  result: (applicationId: string) => `result|${applicationId}`,
  releaseUndecided: (zone: string) => `release-undecided|${zone}`,
  boardResolutionReminder: (applicationId: string, round: number) =>
    `board-resolution-reminder|${applicationId}|${round}`,
  rosterConfirmation: (applicationId: string, version: number) => `roster-confirmation|${applicationId}|${version}`,
  planningMeetingReminder: (offsetDays: number) => `planning-meeting-reminder|${offsetDays}`,
  sessionReminder: (sessionDate: string, offsetDays: number) => `session-reminder|${sessionDate}|${offsetDays}`,
  sessionMoved: (sessionDate: string, sequence: number) => `session-moved|${sessionDate}|${sequence}`,
  sessionMaterials: (sessionDate: string, revision: number) => `session-materials|${sessionDate}|${revision}`,
};

/** The business key of a sent message, from its tags. */
export function keyOfSent(tags: Readonly<Record<string, string>>): string {
  const kind = tags.notification ?? 'untagged';
  switch (kind) {
    case 'invitation':
      return businessKey.invitation();
    case 'deadline-reminder':
      return businessKey.deadlineReminder(tags.zone ?? '');
    case 'receipt':
      return businessKey.receipt(tags.application ?? '');
    case 'review-queue-ready':
      return businessKey.reviewQueueReady(tags.zone ?? '');
    case 'clarification-request':
      return businessKey.clarificationRequest(tags.application ?? '');
    case 'result':
      return businessKey.result(tags.application ?? '');
    case 'release-undecided':
      return businessKey.releaseUndecided(tags.zone ?? '');
    case 'board-resolution-reminder':
      return businessKey.boardResolutionReminder(tags.application ?? '', Number(tags.round));
    case 'roster-confirmation':
      return businessKey.rosterConfirmation(tags.application ?? '', Number(tags.version));
    case 'planning-meeting-reminder':
      return businessKey.planningMeetingReminder(Number(tags.offset));
    case 'session-reminder':
      return businessKey.sessionReminder(tags.session ?? '', Number(tags.offset));
    case 'session-moved':
      return businessKey.sessionMoved(tags.session ?? '', Number(tags.sequence));
    case 'session-materials':
      return businessKey.sessionMaterials(tags.session ?? '', Number(tags.revision));
    default:
      return [
        kind,
        ...Object.entries(tags)
          .filter(([name]) => name !== 'notification')
          .sort(([left], [right]) => left.localeCompare(right))
          .map(([name, value]) => `${name}=${value}`),
      ].join('|');
  }
}

/** The kind part of a business key. */
export function kindOfKey(key: string): string {
  const end = key.indexOf('|');
  return end === -1 ? key : key.slice(0, end);
}
