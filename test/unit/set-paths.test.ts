/**
 * The dotted paths a cohort change sets (shared/cohorts/set-paths.ts): fields, list items by
 * index, one past the end adding one; each refused path named with why, the definition given
 * never touched, and no path reaching an object's prototype.
 */
import { describe, expect, it } from 'vitest';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { setPaths } from '../../shared/cohorts/set-paths.ts';
import { cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';

const definition = cohortDefinitionSchema.parse(cohort2022to2023) as unknown as Record<string, any>;
const LINK = 'https://zoom.example.org/j/1';

function value(set: Record<string, unknown>): Record<string, any> {
  const result = setPaths(definition, set);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const errors = (set: Record<string, unknown>) => {
  const result = setPaths(definition, set);
  return result.ok ? [] : result.errors;
};

describe('setPaths', () => {
  it('sets a field, a nested field and a list item’s field, leaving the definition given as it was', () => {
    const before = structuredClone(definition);
    const result = value({
      name: 'Cohort 1 (renamed)',
      'zones.CNZ.due': '2022-09-30',
      'informationalMeetings.1.joinUrl': LINK,
    });
    expect(result.name).toBe('Cohort 1 (renamed)');
    expect(result.zones.CNZ.due).toBe('2022-09-30');
    expect(result.informationalMeetings[1].joinUrl).toBe(LINK);
    expect(result.informationalMeetings[0].joinUrl).toBe(definition.informationalMeetings[0].joinUrl);
    expect(definition).toEqual(before);
  });

  it('sets a whole list item or container, and a null one whole', () => {
    const review = { from: '2022-09-19', to: '2022-09-21' };
    expect(value({ 'zones.CNZ.review': review }).zones.CNZ.review).toEqual(review);
    expect(value({ reminderOffsetsDays: [14, 7, 1] }).reminderOffsetsDays).toEqual([14, 7, 1]);
    expect(value({ 'reminderOffsetsDays.1': 2 }).reminderOffsetsDays).toEqual([7, 2]);
  });

  it('adds an item one past the end of a list, and refuses an index further on or not a plain number', () => {
    const meeting = { ...definition.informationalMeetings[2], date: '2022-09-06' };
    expect(value({ 'informationalMeetings.3': meeting }).informationalMeetings).toHaveLength(4);
    expect(errors({ 'informationalMeetings.4': meeting })).toEqual([
      {
        field: 'set.informationalMeetings.4',
        message: 'informationalMeetings has 3 items: an index from 0 to 3 is expected, not 4',
      },
    ]);
    // Inside a path, an item must exist: one past the end has no fields to set.
    expect(errors({ 'informationalMeetings.3.joinUrl': LINK })).toEqual([
      {
        field: 'set.informationalMeetings.3.joinUrl',
        message: 'informationalMeetings has 3 items: an index from 0 to 2 is expected, not 3',
      },
    ]);
    for (const index of ['01', '-1', 'first', '1e0'])
      expect(errors({ [`informationalMeetings.${index}.joinUrl`]: LINK })[0]?.message).toBe(
        `informationalMeetings has 3 items: an index from 0 to 2 is expected, not ${index}`,
      );
  });

  it('refuses a segment that would reach a prototype, and pollutes nothing', () => {
    for (const path of ['__proto__.polluted', 'zones.__proto__.polluted', 'zones.constructor', 'prototype'])
      expect(errors({ [path]: true })).toEqual([
        { field: `set.${path}`, message: 'must be a dotted path of the cohort definition' },
      ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an empty path or segment, and the id', () => {
    for (const path of ['', 'zones..due', '.name', 'name.'])
      expect(errors({ [path]: 'x' })).toEqual([
        { field: `set.${path}`, message: 'must be a dotted path of the cohort definition' },
      ]);
    for (const path of ['id', 'id.year'])
      expect(errors({ [path]: '2023-2024' })).toEqual([
        { field: 'set.id', message: 'a cohort keeps its id: copy it forward to a new id instead' },
      ]);
  });

  it('refuses a path through a field that does not exist, or through null or a value; a new last field is the schema’s to judge', () => {
    expect(errors({ 'zones.XDZ.due': '2022-09-30' })).toEqual([
      { field: 'set.zones.XDZ.due', message: 'zones has no field XDZ' },
    ]);
    expect(errors({ 'zones.CNZ.review.from': '2022-09-19' })).toEqual([
      { field: 'set.zones.CNZ.review.from', message: 'zones.CNZ.review is null: set it whole' },
    ]);
    expect(errors({ 'name.first': 'x' })).toEqual([
      { field: 'set.name.first', message: 'name is a value: set it whole' },
    ]);
    expect(value({ 'planningMeeting.notes': 'Bring a laptop' }).planningMeeting.notes).toBe('Bring a laptop');
  });

  it('names every refused path of a change, and sets none of them', () => {
    const result = setPaths(definition, {
      'zones.CNZ.due': '2022-09-30',
      'zones.XDZ.due': '2022-09-30',
      'informationalMeetings.9.joinUrl': LINK,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'set.zones.XDZ.due', message: 'zones has no field XDZ' },
        {
          field: 'set.informationalMeetings.9.joinUrl',
          message: 'informationalMeetings has 3 items: an index from 0 to 2 is expected, not 9',
        },
      ],
    });
  });
});
