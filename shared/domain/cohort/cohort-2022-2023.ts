import type { CohortInput } from './definition.ts';

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
      title: 'Innovation Zones informational meeting',
      date: '2022-08-25',
      start: '10:00',
      end: '10:30',
      location: 'Zoom',
    },
    {
      title: 'Innovation Zones informational meeting',
      date: '2022-08-31',
      start: '13:00',
      end: '13:30',
      location: 'Zoom',
    },
    {
      title: 'Innovation Zones informational meeting',
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
};
