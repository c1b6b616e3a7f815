import type { CohortInput } from '../../../shared/domain/cohort/definition.ts';

const INFORMATIONAL_MEETING = 'Innovation Zones informational meeting';

/**
 * The 2022-2023 cohort, as written in the SRSN Innovation Zones flyer (seed 002).
 * All dates and times are America/Chicago.
 */
export const cohort2022to2023: CohortInput = {
  id: '2022-2023',
  name: 'Innovation Zones Cohort 1, 2022-2023',
  timeZone: 'America/Chicago',
  invitationDate: '2022-08-19',
  informationalMeetings: [
    {
      title: INFORMATIONAL_MEETING,
      date: '2022-08-25',
      start: '10:00',
      end: '10:30',
      location: 'Zoom',
    },
    {
      title: INFORMATIONAL_MEETING,
      date: '2022-08-31',
      start: '13:00',
      end: '13:30',
      location: 'Zoom',
    },
    {
      title: INFORMATIONAL_MEETING,
      date: '2022-09-01',
      start: '09:00',
      end: '09:30',
      location: 'Zoom',
    },
  ],
  zones: {
    SDZ: {
      opens: '2022-08-19',
      due: '2022-09-09',
      review: { from: '2022-09-12', to: '2022-09-14' },
      notify: '2022-09-15',
    },
    ILDZ: { opens: '2022-08-19', due: '2022-09-16', review: null, notify: '2022-09-23' },
    // "More information on the CNZ, including the application process, will be provided in
    // September, 2022": no due or notification date yet, so the window stays open.
    CNZ: { opens: '2022-08-19', due: null, review: null, notify: null },
  },
  // The flyer says both "considered for the next tier" and "automatically accepted into
  // the ILDZ"; the later, more specific text wins for this cohort.
  rollover: { from: 'SDZ', to: 'ILDZ', policy: 'accept' },
  planningMeeting: {
    title: 'System Design Zone Planning Meeting',
    date: '2022-10-03',
    start: '10:00',
    end: '15:00',
    location: 'MASA, Jefferson City, MO',
    zones: ['SDZ'],
  },
  monthlySessions: {
    weekday: 3,
    ordinal: 2,
    start: '10:00',
    end: '12:00',
    fromMonth: '2022-10',
    toMonth: '2023-06',
    location: 'Virtual (Zoom)',
  },
  reminderOffsetsDays: [7, 1],
  rosterLimits: {
    SDZ: { leadFacilitators: 3, representatives: 0, alternates: 0 },
    ILDZ: { leadFacilitators: 3, representatives: 0, alternates: 0 },
    CNZ: { leadFacilitators: 0, representatives: 1, alternates: 1 },
  },
  // The descriptions are the opening sentence of each zone's section of the flyer (seed 002); who may
  // apply, the commitments and the evidence items are the flyer's as the invitation has always
  // summarized them.
  zoneTexts: {
    SDZ: {
      description:
        'Leading CBL districts (representative of the state) who collaborate to improve local practice through ' +
        'professional learning and collectively support designing up a reimagined assessment for learning system ' +
        '(2022-2023) and an accreditation system (2023-2024).',
      whoMayApply: 'Leading competency-based learning (CBL) districts: public K-12, K-8 and charter school districts.',
      commitments: [
        'Share examples of how a competency-based mind-set creates personalized learning experiences.',
        'Create real world learning opportunities for students with identified partners.',
        'Participate fully in regularly scheduled meetings, and engage in study and research that inform an ' +
          'assessment for learning and a reimagined accreditation system.',
        'Support and consider joining group-designed waiver requests, and serve as a site visit location for other ' +
          'Missouri educators.',
        'After selection, secure a resolution of the board of education supporting participation (a sample ' +
          'resolution is provided).',
      ],
      evidenceOfPractice: {
        cblPractices: 'CBL practices',
        dataForSystemChange: 'use of data to inform system change and improvement',
        assessmentForLearning: 'assessment for learning practices',
        professionalLearning: 'professional learning that supports CBL, including real world learning with partners',
      },
    },
    ILDZ: {
      description:
        'Emerging CBL districts, schools and/or teachers who have demonstrated application of competency-based ' +
        'learning (CBL) principles join in professional learning with the SDZ.',
      whoMayApply:
        'Emerging CBL districts, schools and/or teachers who have demonstrated application of CBL principles.',
      commitments: [
        'Grow in the use of CBL practices and engage in monthly statewide professional learning.',
        'Support professional learning design, CBL training materials, and improvements in curriculum and assessment ' +
          'design.',
        'Engage local stakeholder groups, and prepare for a future System Design Zone cohort.',
      ],
    },
    CNZ: {
      description:
        'The Collaborative Network Zone is made up of statewide and regional education organizations, institutions ' +
        'of higher/post-secondary education and business partners who are currently engaged with supporting their ' +
        'local school district(s) in competency-based learning and Real World Learning practices or would like to ' +
        'learn more about these types of opportunities.',
      whoMayApply:
        'Statewide and regional education organizations, institutions of higher and post-secondary education, and ' +
        'business partners supporting districts in CBL and Real World Learning, or wishing to learn more.',
      // The flyer lists no CNZ commitments: the emails state its one from rosterLimits (a representative and
      // an alternate).
      commitments: [],
    },
  },
};
