import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../infra/local/event-pattern.ts';
import { ApplicationSubmitted } from '../../shared/events/application-submitted.ts';
import { type EventPattern, patternOf } from '../../shared/platform/events/contract.ts';

/** An EventBridge event as the bus delivers it, fresh per call. */
function event(overrides: Record<string, unknown> = {}, detail: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'ApplicationSubmitted',
    source: 'srsn.innovation-zones',
    account: '000000000000',
    time: '2022-09-01T20:15:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      applicationId: 'sdz-2022-2023-0123456789ab',
      cohort: '2022-2023',
      zone: 'SDZ',
      submittedAt: '2022-09-01T20:15:00.000Z',
      ...detail,
    },
    ...overrides,
  };
}

describe('matchesPattern: exact values', () => {
  it('matches source and detail-type exactly', () => {
    expect(
      matchesPattern({ source: ['srsn.innovation-zones'], 'detail-type': ['ApplicationSubmitted'] }, event()),
    ).toBe(true);
  });

  it('does not match another source', () => {
    expect(matchesPattern({ source: ['srsn.other'], 'detail-type': ['ApplicationSubmitted'] }, event())).toBe(false);
  });

  it('does not match another detail-type', () => {
    expect(
      matchesPattern({ source: ['srsn.innovation-zones'], 'detail-type': ['ApplicationWithdrawn'] }, event()),
    ).toBe(false);
  });

  it('is case-sensitive and does not match a substring', () => {
    expect(matchesPattern({ 'detail-type': ['applicationsubmitted'] }, event())).toBe(false);
    expect(matchesPattern({ 'detail-type': ['Application'] }, event())).toBe(false);
  });

  it('matches when any of several listed values is equal (OR within a field)', () => {
    expect(matchesPattern({ detail: { zone: ['ILDZ', 'SDZ'] } }, event())).toBe(true);
    expect(matchesPattern({ detail: { zone: ['ILDZ', 'CNZ'] } }, event())).toBe(false);
  });

  it('requires every field of the pattern to match (AND across fields)', () => {
    expect(matchesPattern({ source: ['srsn.innovation-zones'], detail: { zone: ['CNZ'] } }, event())).toBe(false);
  });

  it('compares numbers, booleans and null by type as well as value', () => {
    const numeric = event({}, { count: 3, urgent: true, note: null });
    expect(matchesPattern({ detail: { count: [3] } }, numeric)).toBe(true);
    expect(matchesPattern({ detail: { count: ['3'] } }, numeric)).toBe(false);
    expect(matchesPattern({ detail: { urgent: [true] } }, numeric)).toBe(true);
    expect(matchesPattern({ detail: { urgent: ['true'] } }, numeric)).toBe(false);
    expect(matchesPattern({ detail: { note: [null] } }, numeric)).toBe(true);
  });

  it('does not match null against a missing field', () => {
    expect(matchesPattern({ detail: { note: [null] } }, event())).toBe(false);
  });

  it('matches the pattern a contract produces only for that contract', () => {
    const pattern = patternOf(ApplicationSubmitted);
    expect(matchesPattern(pattern, event())).toBe(true);
    expect(matchesPattern(pattern, event({ 'detail-type': 'ReviewQueueReady' }))).toBe(false);
    expect(matchesPattern(pattern, event({ source: 'aws.ses' }))).toBe(false);
  });

  it('matches everything with an empty pattern', () => {
    expect(matchesPattern({}, event())).toBe(true);
  });

  it('never matches something that is not an event object', () => {
    expect(matchesPattern({}, null)).toBe(false);
    expect(matchesPattern({ source: ['x'] }, 'x')).toBe(false);
    expect(matchesPattern({ source: ['x'] }, undefined)).toBe(false);
  });
});

describe('matchesPattern: prefix and suffix', () => {
  it('matches a prefix of a string value', () => {
    expect(matchesPattern({ source: [{ prefix: 'srsn.' }] }, event())).toBe(true);
    expect(matchesPattern({ detail: { applicationId: [{ prefix: 'sdz-2022-2023-' }] } }, event())).toBe(true);
  });

  it('does not match a prefix that the value does not start with', () => {
    expect(matchesPattern({ source: [{ prefix: 'aws.' }] }, event())).toBe(false);
    expect(matchesPattern({ detail: { applicationId: [{ prefix: 'ildz-' }] } }, event())).toBe(false);
  });

  it('matches a suffix of a string value', () => {
    expect(matchesPattern({ 'detail-type': [{ suffix: 'Submitted' }] }, event())).toBe(true);
    expect(matchesPattern({ 'detail-type': [{ suffix: 'Released' }] }, event())).toBe(false);
  });

  it('does not match prefix or suffix against a number', () => {
    const numeric = event({}, { count: 12 });
    expect(matchesPattern({ detail: { count: [{ prefix: '1' }] } }, numeric)).toBe(false);
    expect(matchesPattern({ detail: { count: [{ suffix: '2' }] } }, numeric)).toBe(false);
  });

  it('does not match a prefix against a missing field', () => {
    expect(matchesPattern({ detail: { reviewer: [{ prefix: '' }] } }, event())).toBe(false);
  });
});

describe('matchesPattern: anything-but', () => {
  it('matches any value but the excluded one', () => {
    expect(matchesPattern({ detail: { zone: [{ 'anything-but': 'CNZ' }] } }, event())).toBe(true);
    expect(matchesPattern({ detail: { zone: [{ 'anything-but': 'SDZ' }] } }, event())).toBe(false);
  });

  it('matches any value but those in an excluded list', () => {
    expect(matchesPattern({ detail: { zone: [{ 'anything-but': ['ILDZ', 'CNZ'] }] } }, event())).toBe(true);
    expect(matchesPattern({ detail: { zone: [{ 'anything-but': ['SDZ', 'CNZ'] }] } }, event())).toBe(false);
  });

  it('excludes numbers by value', () => {
    expect(matchesPattern({ detail: { count: [{ 'anything-but': 0 }] } }, event({}, { count: 1 }))).toBe(true);
    expect(matchesPattern({ detail: { count: [{ 'anything-but': 0 }] } }, event({}, { count: 0 }))).toBe(false);
  });

  it('does not match a missing field', () => {
    expect(matchesPattern({ detail: { reviewer: [{ 'anything-but': 'nobody' }] } }, event())).toBe(false);
  });
});

describe('matchesPattern: exists', () => {
  it('matches exists: true when the field is present', () => {
    expect(matchesPattern({ detail: { zone: [{ exists: true }] } }, event())).toBe(true);
  });

  it('does not match exists: true when the field is absent', () => {
    expect(matchesPattern({ detail: { reviewer: [{ exists: true }] } }, event())).toBe(false);
  });

  it('matches exists: false when the field is absent', () => {
    expect(matchesPattern({ detail: { reviewer: [{ exists: false }] } }, event())).toBe(true);
  });

  it('does not match exists: false when the field is present', () => {
    expect(matchesPattern({ detail: { zone: [{ exists: false }] } }, event())).toBe(false);
  });

  it('treats a field set to undefined (dropped by JSON) as absent', () => {
    expect(matchesPattern({ detail: { reviewer: [{ exists: false }] } }, event({}, { reviewer: undefined }))).toBe(
      true,
    );
  });

  it('does not match exists: true on an intermediate (object) node: EventBridge matches leaf nodes only', () => {
    const nested = event({}, { review: { outcome: 'selected' } });
    expect(matchesPattern({ detail: { review: [{ exists: true }] } } as EventPattern, nested)).toBe(false);
    expect(matchesPattern({ detail: { review: { outcome: [{ exists: true }] } } }, nested)).toBe(true);
  });

  it('combines exists with exact values across fields', () => {
    const pattern: EventPattern = {
      source: ['srsn.innovation-zones'],
      detail: { zone: ['SDZ'], withdrawnAt: [{ exists: false }] },
    };
    expect(matchesPattern(pattern, event())).toBe(true);
    expect(matchesPattern(pattern, event({}, { withdrawnAt: '2022-09-02T00:00:00Z' }))).toBe(false);
  });
});

describe('matchesPattern: nested detail fields', () => {
  const nested = () => event({}, { applicant: { kind: 'district', address: { county: 'St. Louis' } } });

  it('matches a field two levels down in detail', () => {
    expect(matchesPattern({ detail: { applicant: { kind: ['district'] } } }, nested())).toBe(true);
    expect(matchesPattern({ detail: { applicant: { kind: ['school'] } } }, nested())).toBe(false);
  });

  it('matches a field three levels down in detail', () => {
    expect(matchesPattern({ detail: { applicant: { address: { county: [{ prefix: 'St.' }] } } } }, nested())).toBe(
      true,
    );
    expect(matchesPattern({ detail: { applicant: { address: { county: ['Jackson'] } } } }, nested())).toBe(false);
  });

  it('does not match a nested pattern when the event has no such object', () => {
    expect(matchesPattern({ detail: { decision: { outcome: ['selected'] } } }, event())).toBe(false);
  });

  it('does not match a nested pattern against a scalar value', () => {
    expect(matchesPattern({ detail: { zone: { code: ['SDZ'] } } }, event())).toBe(false);
  });

  it('does not match a value pattern against an object value', () => {
    expect(matchesPattern({ detail: { applicant: ['district'] } }, nested())).toBe(false);
  });
});

describe('matchesPattern: array values in the event', () => {
  it('matches when any element of an array field equals a pattern value', () => {
    const withResources = event({
      resources: ['arn:aws:ses:us-east-1:000000000000:identity/a', 'arn:aws:ses:us-east-1:000000000000:identity/b'],
    });
    expect(matchesPattern({ resources: ['arn:aws:ses:us-east-1:000000000000:identity/b'] }, withResources)).toBe(true);
    expect(matchesPattern({ resources: ['arn:aws:ses:us-east-1:000000000000:identity/c'] }, withResources)).toBe(false);
  });

  it('applies prefix and suffix to each element of an array field', () => {
    const tagged = event({}, { tags: ['zone:SDZ', 'cohort:2022-2023'] });
    expect(matchesPattern({ detail: { tags: [{ prefix: 'cohort:' }] } }, tagged)).toBe(true);
    expect(matchesPattern({ detail: { tags: [{ suffix: ':ILDZ' }] } }, tagged)).toBe(false);
  });

  it('does not match a value against an empty array', () => {
    expect(matchesPattern({ resources: ['anything'] }, event())).toBe(false);
  });

  it('matches any of several pattern values against any of several event values', () => {
    const recipients = event({}, { to: ['a@example.org', 'b@example.org'] });
    expect(matchesPattern({ detail: { to: ['c@example.org', 'b@example.org'] } }, recipients)).toBe(true);
    expect(matchesPattern({ detail: { to: ['c@example.org', 'd@example.org'] } }, recipients)).toBe(false);
  });
});
