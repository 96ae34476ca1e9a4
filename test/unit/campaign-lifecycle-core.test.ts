// The Core half of the lifecycle table: what MC stores after a Core call or a polled report.
import { describe, expect, it } from 'vitest';
import {
  ACTION_CAPABILITY,
  CAMPAIGN_ACTIONS,
  CAMPAIGN_MODES,
  CAMPAIGN_STATUSES,
  CAMPAIGN_TRANSITIONS,
  CORE_CALLS,
  CORE_JOB_STATUSES,
  acceptsTriggerNumbers,
  awaitingModeration,
  badgeFor,
  coreReport,
  isTerminal,
  mapCoreStatus,
  planTransition,
  recipientsReplaceable,
  transitionOutcome,
  type CampaignState,
  type CoreCall,
  type CoreJobStatus,
} from '../../src/domain/campaign-lifecycle.js';

const t = new Date('2025-01-01T00:00:00Z');

/** Every state the flags can describe: 9 statuses × submitted × approved × archived × auto start × 4 modes. */
function everyState(): CampaignState[] {
  const states: CampaignState[] = [];
  for (const status of CAMPAIGN_STATUSES)
    for (const mode of CAMPAIGN_MODES)
      for (let bits = 0; bits < 16; bits++)
        states.push({
          status,
          mode,
          submittedAt: bits & 1 ? t : null,
          approvedAt: bits & 2 ? t : null,
          archivedAt: bits & 4 ? t : null,
          autoStart: !!(bits & 8),
        });
  return states;
}

/** What Core answers a call that it accepts (integration.md); delete answers nothing. */
function coreAnswerTo(call: CoreCall, state: CampaignState): CoreJobStatus | null {
  const answers: Record<CoreCall, CoreJobStatus | null> = {
    release: state.autoStart ? 'scheduled' : 'ready',
    start: 'scheduled',
    pause: 'paused',
    resume: 'sending',
    cancel: 'cancelled',
    hold: 'held',
    delete: null,
  };
  return answers[call];
}

describe('the table and Core agree', () => {
  it('for every state × action the table allows, the status Core answers is the status the table names', () => {
    let checked = 0;
    for (const state of everyState())
      for (const action of CAMPAIGN_ACTIONS) {
        const plan = planTransition(state, action);
        if (!plan.ok || plan.coreCall === null) continue;
        const answer = coreAnswerTo(plan.coreCall, state);
        const outcome = transitionOutcome(plan, action, { pauseReason: null }, answer);
        expect(outcome.status, `${state.status} ${action} → Core ${answer}`).toBe(plan.nextStatus);
        checked++;
      }
    expect(checked).toBeGreaterThan(500);
  });

  it('a transition stores what Core answered, whatever it was, and the table only without an answer', () => {
    for (const state of everyState())
      for (const action of CAMPAIGN_ACTIONS) {
        const plan = planTransition(state, action);
        if (!plan.ok) continue;
        expect(transitionOutcome(plan, action, { pauseReason: 'window' }, null).status).toBe(plan.nextStatus);
        for (const answer of CORE_JOB_STATUSES) expect(transitionOutcome(
          plan,
          action,
          { pauseReason: null },
          answer,
        ).status).toBe(mapCoreStatus(answer).status);
      }
  });

  it('keeps a pause reason only while Paused; a paused-by-user pause is the user’s', () => {
    const sending: CampaignState = { status: 'Sending', mode: 'OnDemand', submittedAt: t, approvedAt: t, archivedAt: null, autoStart: true };
    const pause = planTransition(sending, 'pause');
    const cancel = planTransition({ ...sending, status: 'Paused' }, 'cancel');
    if (!pause.ok || !cancel.ok) throw new Error('the table must allow pause from Sending and cancel from Paused');
    expect(transitionOutcome(pause, 'pause', { pauseReason: null }, 'paused')).toEqual({ status: 'Paused', pauseReason: 'user' });
    expect(transitionOutcome(cancel, 'cancel', { pauseReason: 'user' }, 'cancelled')).toEqual({ status: 'Cancelled', pauseReason: null });
    expect(transitionOutcome(cancel, 'cancel', { pauseReason: 'window' }, 'paused')).toEqual({ status: 'Paused', pauseReason: 'window' });
  });
});

describe('coreReport: a polled job', () => {
  it.each(CORE_JOB_STATUSES.flatMap((s) => [[s, null], [s, 'window']] as const))('%s with pause reason %s', (status, pauseReason) => {
    const outcome = coreReport({ status, pauseReason });
    expect(outcome.status).toBe(mapCoreStatus(status).status);
    expect(outcome.pauseReason).toBe(outcome.status === 'Paused' ? pauseReason : null);
  });
});

describe('the Core calls', () => {
  it('only release and start wait for Core; only cancel and delete never create the job', () => {
    expect(CORE_CALLS).toEqual({
      release: { needsCoreUp: true, existingJobOnly: false },
      start: { needsCoreUp: true, existingJobOnly: false },
      pause: { needsCoreUp: false, existingJobOnly: false },
      resume: { needsCoreUp: false, existingJobOnly: false },
      hold: { needsCoreUp: false, existingJobOnly: false },
      cancel: { needsCoreUp: false, existingJobOnly: true },
      delete: { needsCoreUp: false, existingJobOnly: true },
    });
  });

  it('every Core call of the table is described', () => {
    for (const row of CAMPAIGN_TRANSITIONS) if (row.coreCall) expect(CORE_CALLS[row.coreCall]).toBeDefined();
  });
});

describe('who may take each action', () => {
  it('names one capability per action (product.md §1)', () => {
    expect(ACTION_CAPABILITY).toEqual({
      edit: 'campaign.edit',
      submit: 'campaign.submit',
      approve: 'campaign.moderate',
      reject: 'campaign.moderate',
      start: 'campaign.control',
      pause: 'campaign.control',
      resume: 'campaign.control',
      cancel: 'campaign.control',
      archive: 'campaign.archive',
      restore: 'campaign.archive',
      delete: 'campaign.delete',
    });
  });
});

describe('state questions', () => {
  it('the moderation queue is exactly what approve or reject can act on', () => {
    for (const state of everyState()) {
      const queued = awaitingModeration(state);
      expect(queued, JSON.stringify(state)).toBe(planTransition(state, 'reject').ok);
      if (state.archivedAt === null) expect(queued).toBe(badgeFor(state) === 'awaiting_approval');
    }
  });

  it('recipients are replaceable exactly while an edit needs no hold, except for Trigger campaigns', () => {
    for (const state of everyState()) {
      const edit = planTransition({ ...state, archivedAt: null }, 'edit');
      const expected = state.mode !== 'Trigger' && edit.ok && edit.coreCall === null;
      expect(recipientsReplaceable(state).ok, JSON.stringify(state)).toBe(expected);
    }
  });

  it('a Trigger campaign takes numbers once approved and started, until it ends', () => {
    for (const state of everyState()) {
      const expected = state.mode === 'Trigger' && state.approvedAt !== null && state.status !== 'New' && !isTerminal(state.status);
      const check = acceptsTriggerNumbers(state);
      expect(check.ok, JSON.stringify(state)).toBe(expected);
      if (!check.ok) expect(check.reason).toMatch(/\w/);
    }
  });
});
