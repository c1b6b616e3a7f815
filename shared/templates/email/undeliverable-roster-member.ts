import { applicantDisplayName, superintendentName } from '../../domain/applicant.ts';
import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import { zoneTitle } from '../../domain/zones.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import type { SuppressionReason } from '../../platform/email/suppression-list.ts';
import { html } from '../../platform/html/html.ts';
import { formatDateTime } from '../../platform/time/zoned.ts';
import { emailLayout, TEXT_FOOTER } from './layout.ts';
import type { ApplicationView } from './view-models.ts';

export interface UndeliverableMember {
  readonly email: string;
  readonly name: string | null;
  readonly role: 'lead-facilitator' | 'representative' | 'alternate' | 'roster-member';
}

const ROLE_LABELS: Record<UndeliverableMember['role'], string> = {
  'lead-facilitator': 'lead facilitator',
  representative: 'representative',
  alternate: 'alternate',
  'roster-member': 'roster member',
};

const REASONS: Record<SuppressionReason, string> = {
  bounce: 'the receiving mail server refuses them permanently (the address may be mistyped, or the mailbox closed)',
  complaint: 'the mailbox reported one of them as unwanted',
};

/**
 * To the organization's other contacts (the application's contact, copy to the superintendent)
 * when email to a person on its roster fails for good: that person no longer gets the session
 * reminders, invitations or materials, so the roster needs a working address or another person.
 */
export function renderUndeliverableRosterMember(input: {
  record: ApplicationView;
  cohort: CohortDefinition;
  member: UndeliverableMember;
  reason: SuppressionReason;
  at: Date;
  /** Who the email is addressed to: the superintendent when the contact cannot be emailed. */
  addressee: 'contact' | 'superintendent';
}): EmailContent {
  const { record, cohort, member, reason } = input;
  const greeting =
    input.addressee === 'contact'
      ? `Dear ${record.application.contact.name},`
      : `Dear ${superintendentName(record.application) ?? 'superintendent'},`;
  const organization = applicantDisplayName(record.application);
  const zone = zoneTitle(record.zone);
  const role = ROLE_LABELS[member.role];
  const who = member.name ? `${member.name} (${member.email})` : member.email;
  const since = formatDateTime(input.at, cohort.timeZone);
  // The roster is read leniently (shared/delivery/roster-contacts.ts): keep the subject one line whatever it holds.
  const subject = `Action needed: we cannot email your ${role}, ${member.name ?? member.email}`.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks and control characters become spaces.
    /[\u0000-\u001f\u007f\u2028\u2029]+/g,
    ' ',
  );
  const facts =
    `Our emails to ${who}, the ${role} named for ${organization} in the ${zone} of the ${cohort.name}, no longer ` +
    `arrive: ${REASONS[reason]}. We stopped emailing this address on ${since}.`;
  const consequence =
    'Until your roster changes, this person receives no session reminders, calendar invitations or session ' +
    'materials from us.';
  const action =
    `Please correct the address or name another ${role} on your roster, with the roster link from your selection ` +
    'email.';

  const body = html`
<h1 style="font-size: 20px;">We cannot email your ${role}</h1>
<p>${greeting}</p>
<p>${facts}</p>
<p>${consequence}</p>
<p><strong>${action}</strong></p>
<p>Application reference: <strong>${record.applicationId}</strong></p>`;

  const text =
    [
      `We cannot email your ${role}`,
      '',
      greeting,
      '',
      facts,
      '',
      consequence,
      '',
      action,
      '',
      `Application reference: ${record.applicationId}`,
    ].join('\n') + TEXT_FOOTER;

  return { subject, html: emailLayout(subject, body), text };
}
