import type { EVIDENCE_STATUSES, ImplementationRating } from '../domain/cbl-elements.ts';

/** How the form words the self-assessment's rating scale (cbl-elements.ts IMPLEMENTATION_RATINGS), in its order. */
export const RATING_LABELS: Readonly<Record<ImplementationRating, string>> = {
  not_started: 'Not started',
  emerging: 'Emerging',
  developing: 'Developing',
  implementing: 'Implementing',
  sustaining: 'Sustaining',
};

export const EVIDENCE_STATUS_LABELS: Readonly<Record<(typeof EVIDENCE_STATUSES)[number], string>> = {
  in_place: 'In place',
  under_construction: 'Under construction',
};

export const DISTRICT_TYPE_LABELS = { 'K-12': 'K-12 district', 'K-8': 'K-8 district', charter: 'Charter' } as const;

export const ORGANIZATION_TYPE_LABELS = {
  statewide_education_organization: 'Statewide education organization',
  regional_education_organization: 'Regional education organization',
  higher_education: 'Higher education',
  business_partner: 'Business partner',
} as const;
