import type { CohortDefinition } from '../../domain/cohort/definition.ts';
import type { EmailContent } from '../../platform/email/message.ts';
import { formatDate } from '../../platform/time/zoned.ts';
import { renderSessionEmail, representingSentence, type SessionBlock, standInBlocks } from './session-reminder.ts';
import type { AddresseeView, SessionView } from './view-models.ts';

/** The links posted after a session (participation's SessionMaterials fits). */
export interface MaterialsView {
  /** 1 for the first post; a later revision says the links changed. */
  readonly revision: number;
  readonly videoUrl: string;
  readonly slidesUrl: string;
}

export interface MaterialsPostedInput {
  readonly cohort: CohortDefinition;
  readonly session: SessionView;
  readonly materials: MaterialsView;
  readonly addressee: AddresseeView;
}

/** To one roster member after a session: the video and slide links (or, for a later revision, the corrected ones). */
export function renderMaterialsPosted(input: MaterialsPostedInput): EmailContent {
  const { cohort, session, materials, addressee } = input;
  const meeting = session.meeting;
  const heldOn = formatDate(meeting.start, cohort.timeZone);
  const updated = materials.revision > 1;
  const subject = `${updated ? 'Updated video and slides' : 'Video and slides'}: ${meeting.title}`;
  const blocks: SessionBlock[] = [
    { kind: 'h1', text: subject },
    { kind: 'p', text: `Dear ${addressee.name},` },
    {
      kind: 'p',
      text: updated
        ? `The links to the video and the slides of the ${meeting.title} of the ${cohort.name} (${heldOn}) have ` +
          'changed. Please use these instead of the ones we sent before:'
        : `The video and the slides of the ${meeting.title} of the ${cohort.name} (${heldOn}) are posted:`,
    },
    { kind: 'link', label: 'Video', url: materials.videoUrl },
    { kind: 'link', label: 'Slides', url: materials.slidesUrl },
    { kind: 'p', text: representingSentence(addressee) },
    ...standInBlocks(addressee, cohort),
  ];
  return renderSessionEmail(subject, blocks);
}
