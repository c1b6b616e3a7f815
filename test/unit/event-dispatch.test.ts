import type { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { discardUnconsumed, dispatchByDetailType } from '../../shared/platform/middleware/event-dispatch.ts';

const consumedBy = (name: string) => async (event: unknown) => ({ name, event });

describe('dispatchByDetailType', () => {
  const dispatch = dispatchByDetailType(
    { SessionChanged: consumedBy('session'), InvitationsDue: consumedBy('invitations') },
    async (stray) => ({ name: 'otherwise', stray }),
  );

  it('hands each event to the consumer of its detail-type, unchanged', async () => {
    const event = { 'detail-type': 'InvitationsDue', detail: { cohort: '2022-2023' } };
    expect(await dispatch(event)).toEqual({ name: 'invitations', event });
    expect(await dispatch({ 'detail-type': 'SessionChanged' })).toMatchObject({ name: 'session' });
  });

  it.each([
    ['another detail-type', { 'detail-type': 'RosterChanged' }, 'RosterChanged'],
    ['no detail-type (a schedule tick)', { tick: true }, undefined],
    ['a detail-type that is not a string', { 'detail-type': ['InvitationsDue'] }, ['InvitationsDue']],
    ["an inherited property's name", { 'detail-type': 'toString' }, 'toString'],
    ['null', null, undefined],
    ['a string', 'InvitationsDue', undefined],
  ])('hands %s to otherwise, with the types it consumes', async (_label, event, detailType) => {
    expect(await dispatch(event)).toEqual({
      name: 'otherwise',
      stray: { detailType, consumed: ['SessionChanged', 'InvitationsDue'] },
    });
  });
});

describe('discardUnconsumed', () => {
  it('logs the stray detail-type as an error and discards the event, naming the types consumed', async () => {
    const error = vi.fn();
    const discard = discardUnconsumed({ error } as unknown as Logger);
    const result = await discard({ detailType: 'RosterChanged', consumed: ['SessionChanged', 'InvitationsDue'] });
    expect(result).toEqual({
      status: 'discarded',
      reason: 'detail-type: must be one of SessionChanged, InvitationsDue',
    });
    expect(error).toHaveBeenCalledExactlyOnceWith('Discarded an event of a type this function does not consume', {
      detailType: 'RosterChanged',
    });
  });

  it('logs a missing detail-type as "undefined"', async () => {
    const error = vi.fn();
    await discardUnconsumed({ error } as unknown as Logger)({ detailType: undefined, consumed: [] });
    expect(error).toHaveBeenCalledWith(expect.any(String), { detailType: 'undefined' });
  });
});
