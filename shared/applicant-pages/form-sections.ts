import { CBL_ELEMENTS, EVIDENCE_STATUSES, IMPLEMENTATION_RATINGS } from '../domain/cbl-elements.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import type { ZoneCode } from '../domain/zones.ts';
import { fieldset } from '../platform/html/form.ts';
import { html, type SafeHtml } from '../platform/html/html.ts';
import { zoneSummary } from '../templates/email/zone-summaries.ts';
import {
  DISTRICT_TYPE_LABELS,
  EVIDENCE_STATUS_LABELS,
  ORGANIZATION_TYPE_LABELS,
  RATING_LABELS,
} from './answer-labels.ts';
import type { FormFields } from './form-fields.ts';

/**
 * The sections of a zone's application form, one function each, field for field the zone's
 * application schema (shared/applications/schemas.ts): each control's name is the field's
 * dotted path in the API's JSON body, so a later form post maps onto it.
 */

const COUNTY_DISTRICT_HINT = 'The Missouri county-district code, for example 096-092.';
const DATE_HINT = 'As year-month-day, for example 2022-09-01.';

function section(id: string, title: string, content: SafeHtml | readonly SafeHtml[]): SafeHtml {
  return html`<section class="section" aria-labelledby="${id}">
<h2 id="${id}">${title}</h2>
${content}</section>
`;
}

/**
 * A person the application names: name, title, email and an optional phone. The contact is
 * most likely the person filling in the form, so their fields say their purpose to the browser
 * (WCAG 1.3.5); anyone else's are not filled in from the browser's memory of the user.
 */
function person(fields: FormFields, prefix: string, legend: string, hint: string, isTheUser = false): SafeHtml {
  const purpose = (token: string) => (isTheUser ? token : 'off');
  return fieldset({
    legend,
    hint,
    id: `${prefix}-group`,
    content: [
      fields.text(
        { name: `${prefix}.name`, label: 'Full name', autocomplete: purpose('name'), maxLength: 120 },
        `${legend}, full name`,
      ),
      fields.text(
        {
          name: `${prefix}.title`,
          label: 'Job title',
          autocomplete: purpose('organization-title'),
          maxLength: 120,
        },
        `${legend}, job title`,
      ),
      fields.text(
        {
          name: `${prefix}.email`,
          label: 'Email address',
          type: 'email',
          autocomplete: purpose('email'),
          maxLength: 254,
        },
        `${legend}, email address`,
      ),
      fields.text(
        {
          name: `${prefix}.phone`,
          label: 'Phone number (optional)',
          type: 'tel',
          autocomplete: purpose('tel'),
          maxLength: 32,
        },
        `${legend}, phone number`,
      ),
    ],
  });
}

function superintendent(fields: FormFields, prefix: string): SafeHtml {
  return fieldset({
    legend: 'Superintendent',
    content: [
      fields.text({ name: `${prefix}.name`, label: "Superintendent's full name", autocomplete: 'off', maxLength: 120 }),
      fields.text({
        name: `${prefix}.email`,
        label: "Superintendent's email address",
        type: 'email',
        autocomplete: 'off',
        maxLength: 254,
      }),
    ],
  });
}

function identity(fields: FormFields, zone: ZoneCode): SafeHtml {
  switch (zone) {
    case 'SDZ':
      return section('section-applicant', 'The district', [
        html`<input type="hidden" name="applicant.kind" value="district">\n`,
        fields.text({ name: 'applicant.name', label: 'District name', autocomplete: 'organization', maxLength: 200 }),
        fields.text({
          name: 'applicant.countyDistrictCode',
          label: 'County-district code',
          hint: COUNTY_DISTRICT_HINT,
          inputMode: 'numeric',
          maxLength: 7,
        }),
        fields.choice({
          name: 'applicant.districtType',
          legend: 'Type of district',
          options: Object.entries(DISTRICT_TYPE_LABELS).map(([value, label]) => ({ value, label })),
        }),
      ]);
    case 'ILDZ':
      return section('section-applicant', 'Who is applying', [
        fields.choice({
          name: 'applicant.kind',
          legend: 'Applying as',
          options: [
            { value: 'district', label: 'A district' },
            { value: 'school', label: 'A school' },
            { value: 'teacher', label: 'A teacher' },
          ],
        }),
        fields.text({
          name: 'applicant.name',
          label: 'District or school name',
          hint: 'For a district or a school: its name.',
          autocomplete: 'organization',
          maxLength: 200,
        }),
        fields.text({
          name: 'applicant.schoolName',
          label: 'Your school',
          hint: "For a teacher: your school's name.",
          autocomplete: 'off',
          maxLength: 200,
        }),
        fields.text({
          name: 'applicant.districtName',
          label: 'District name',
          hint: 'For a school or a teacher: the district the school belongs to.',
          autocomplete: 'off',
          maxLength: 200,
        }),
        fields.text({
          name: 'applicant.countyDistrictCode',
          label: 'County-district code',
          hint: COUNTY_DISTRICT_HINT,
          inputMode: 'numeric',
          maxLength: 7,
        }),
        fields.text({
          name: 'applicant.schoolCode',
          label: 'School code',
          hint: "For a school: the school's four-digit building code.",
          inputMode: 'numeric',
          maxLength: 4,
        }),
      ]);
    case 'CNZ':
      return section('section-applicant', 'The organization', [
        html`<input type="hidden" name="applicant.kind" value="organization">\n`,
        fields.text({
          name: 'applicant.name',
          label: 'Organization name',
          autocomplete: 'organization',
          maxLength: 200,
        }),
        fields.choice({
          name: 'applicant.organizationType',
          legend: 'Type of organization',
          options: Object.entries(ORGANIZATION_TYPE_LABELS).map(([value, label]) => ({ value, label })),
        }),
      ]);
  }
}

function contacts(fields: FormFields, zone: ZoneCode): SafeHtml {
  return section('section-contacts', 'Contacts', [
    person(fields, 'contact', 'Contact person', 'The person we write to about this application.', true),
    ...(zone === 'SDZ' ? [superintendent(fields, 'superintendent')] : []),
  ]);
}

function selfAssessment(fields: FormFields): SafeHtml {
  const ratings = IMPLEMENTATION_RATINGS.map((value) => ({ value, label: RATING_LABELS[value] }));
  return section('section-self-assessment', 'Self-assessment against the CBL framework', [
    html`<p>Rate how far along you are with each of the eight elements of the Missouri framework for
competency-based learning, and describe where you are. A realistic rating serves you best.</p>
`,
    ...CBL_ELEMENTS.map((text, index) => {
      const prefix = `selfAssessment.${index}`;
      return html`<h3 id="element-${index + 1}">Element ${index + 1} of ${CBL_ELEMENTS.length}</h3>
<p class="element-text">${text}</p>
<input type="hidden" name="${prefix}.element" value="${index + 1}">
${fields.choice({ name: `${prefix}.rating`, legend: `Your rating for element ${index + 1}`, options: ratings })}${fields.area(
  {
    name: `${prefix}.narrative`,
    label: `Describe your practice for element ${index + 1}`,
    hint: 'At most 1,500 characters.',
    maxLength: 1500,
  },
)}`;
    }),
  ]);
}

function evidenceOfPractice(fields: FormFields, cohort: CohortDefinition): SafeHtml {
  const statuses = EVIDENCE_STATUSES.map((value) => ({ value, label: EVIDENCE_STATUS_LABELS[value] }));
  const items = Object.entries(cohort.zoneTexts.SDZ.evidenceOfPractice);
  return section('section-evidence', 'Evidence of practice', [
    html`<p>For each practice, say whether it is in place or under construction in your district, and describe the evidence.</p>\n`,
    ...items.map(([key, text], index) => {
      const prefix = `evidenceOfPractice.${key}`;
      return html`<h3 id="evidence-${key}">Practice ${index + 1} of ${items.length}</h3>
<p class="element-text">${text}</p>
${fields.choice({ name: `${prefix}.status`, legend: `Status of practice ${index + 1}`, options: statuses })}${fields.area(
  {
    name: `${prefix}.description`,
    label: `Describe the evidence for practice ${index + 1}`,
    hint: 'At most 3,000 characters.',
    maxLength: 3000,
  },
)}`;
    }),
  ]);
}

function superintendentApproval(fields: FormFields): SafeHtml {
  return section('section-approval', 'Superintendent approval and letter of support', [
    fields.check({
      name: 'superintendentApproval.approved',
      label: 'The superintendent approves this application',
      hint: 'The Innovative Learning Design Zone requires the approval of the district superintendent.',
    }),
    superintendent(fields, 'superintendentApproval.superintendent'),
    fields.text({
      name: 'superintendentApproval.approvedOn',
      label: 'Date of approval',
      hint: DATE_HINT,
      autocomplete: 'off',
      maxLength: 10,
    }),
    fields.file({
      name: 'letterOfSupport.file',
      label: 'Letter of support signed by the superintendent',
      hint: 'A PDF file.',
      accept: 'application/pdf,.pdf',
    }),
    fields.text({
      name: 'letterOfSupport.signedOn',
      label: 'Date the letter was signed',
      hint: DATE_HINT,
      autocomplete: 'off',
      maxLength: 10,
    }),
  ]);
}

function network(fields: FormFields): SafeHtml {
  return section('section-network', 'Representative and alternate', [
    person(fields, 'representative', 'Designated representative', 'Takes part in the network for your organization.'),
    person(
      fields,
      'alternate',
      'Designated alternate',
      'Takes part when the representative cannot; a different person.',
    ),
  ]);
}

function commitments(fields: FormFields, cohort: CohortDefinition, zone: ZoneCode): SafeHtml {
  return section('section-commitments', 'Commitments', [
    html`<p>Participants in this zone commit to:</p>
<ul>${zoneSummary(zone, cohort).commitments.map((item) => html`<li>${item}</li>`)}</ul>
`,
    fields.check({ name: 'commitmentsAcknowledged', label: "We agree to the zone's commitments" }),
  ]);
}

/** Every section of the zone's form, in order, each control with its value and error from `fields`. */
export function formSections(fields: FormFields, cohort: CohortDefinition, zone: ZoneCode): SafeHtml[] {
  return [
    identity(fields, zone),
    contacts(fields, zone),
    selfAssessment(fields),
    ...(zone === 'SDZ' ? [evidenceOfPractice(fields, cohort)] : []),
    ...(zone === 'ILDZ' ? [superintendentApproval(fields)] : []),
    ...(zone === 'CNZ' ? [network(fields)] : []),
    commitments(fields, cohort, zone),
  ];
}
