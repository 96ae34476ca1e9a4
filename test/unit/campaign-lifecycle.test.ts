import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_MODES,
  CAMPAIGN_STATUSES,
  CORE_JOB_STATUSES,
  badgeFor,
  isActive,
  isCoreJobStatus,
  isTerminal,
  mapCoreStatus,
  planTransition,
  resolveFieldChanges,
  type CampaignAction,
  type CampaignState,
  type CampaignStatus,
} from '../../src/domain/campaign-lifecycle.js';

const t = new Date('2025-01-01T00:00:00Z');

function makeCampaign(status: CampaignStatus, flags: { submitted?: boolean; approved?: boolean; archived?: boolean; autoStart?: boolean } = {}): CampaignState {
  return {
    status,
    submittedAt: flags.submitted ? t : null,
    approvedAt: flags.approved ? t : null,
    archivedAt: flags.archived ? t : null,
    autoStart: flags.autoStart ?? false,
    mode: 'OnDemand',
  };
}

const ran = { submitted: true, approved: true };
const STATES: Record<string, CampaignState> = {
  draft: makeCampaign('New'),
  submitted_auto: makeCampaign('New', { submitted: true, autoStart: true }),
  submitted_manual: makeCampaign('New', { submitted: true }),
  approved: makeCampaign('New', ran),
  Pending: makeCampaign('Pending', ran),
  Building: makeCampaign('Building', ran),
  Sending: makeCampaign('Sending', ran),
  Paused: makeCampaign('Paused', ran),
  Done: makeCampaign('Done', ran),
  Failed: makeCampaign('Failed', ran),
  Expired: makeCampaign('Expired', ran),
  Cancelled: makeCampaign('Cancelled', ran),
  rejected: makeCampaign('Cancelled', { submitted: true }),
  archived_draft: makeCampaign('New', { archived: true }),
  archived_approved: makeCampaign('New', { ...ran, archived: true }),
  archived_Done: makeCampaign('Done', { ...ran, archived: true }),
  archived_Failed: makeCampaign('Failed', { ...ran, archived: true }),
  archived_Expired: makeCampaign('Expired', { ...ran, archived: true }),
  archived_Cancelled: makeCampaign('Cancelled', { ...ran, archived: true }),
};

// Written from product.md §3 by hand. Cell: "-" refused, "Status" or "Status:coreCall" allowed.
const EXPECTED = `
state              | edit     | submit | approve         | reject           | start         | pause        | resume         | cancel           | archive   | restore   | delete
draft              | New      | New    | -               | -                | -             | -            | -              | Cancelled:cancel | New       | -         | New:delete
submitted_auto     | New      | -      | Pending:release | Cancelled:cancel | -             | -            | -              | Cancelled:cancel | New       | -         | New:delete
submitted_manual   | New      | -      | New:release     | Cancelled:cancel | -             | -            | -              | Cancelled:cancel | New       | -         | New:delete
approved           | New:hold | -      | -               | -                | Pending:start | -            | -              | Cancelled:cancel | New       | -         | New:delete
Pending            | -        | -      | -               | -                | -             | -            | -              | Cancelled:cancel | -         | -         | -
Building           | -        | -      | -               | -                | -             | -            | -              | Cancelled:cancel | -         | -         | -
Sending            | -        | -      | -               | -                | -             | Paused:pause | -              | Cancelled:cancel | -         | -         | -
Paused             | -        | -      | -               | -                | -             | -            | Sending:resume | Cancelled:cancel | -         | -         | -
Done               | -        | -      | -               | -                | -             | -            | -              | -                | Done      | -         | Done:delete
Failed             | -        | -      | -               | -                | -             | -            | -              | -                | Failed    | -         | Failed:delete
Expired            | -        | -      | -               | -                | -             | -            | -              | -                | Expired   | -         | Expired:delete
Cancelled          | -        | -      | -               | -                | -             | -            | -              | -                | Cancelled | -         | Cancelled:delete
rejected           | -        | -      | -               | -                | -             | -            | -              | -                | Cancelled | -         | Cancelled:delete
archived_draft     | -        | -      | -               | -                | -             | -            | -              | -                | -         | New       | New:delete
archived_approved  | -        | -      | -               | -                | -             | -            | -              | -                | -         | New       | New:delete
archived_Done      | -        | -      | -               | -                | -             | -            | -              | -                | -         | Done      | Done:delete
archived_Failed    | -        | -      | -               | -                | -             | -            | -              | -                | -         | Failed    | Failed:delete
archived_Expired   | -        | -      | -               | -                | -             | -            | -              | -                | -         | Expired   | Expired:delete
archived_Cancelled | -        | -      | -               | -                | -             | -            | -              | -                | -         | Cancelled | Cancelled:delete
`;

const [header = '', ...rows] = EXPECTED.trim().split('\n').map((line) => line.split('|').map((cell) => cell.trim()));
const cases: Array<[string, CampaignAction, string]> = [];
for (const [label = '', ...cells] of rows)
  cells.forEach((cell, i) => cases.push([label, header[i + 1] as CampaignAction, cell]));

describe('planTransition: every state × action', () => {
  it('the expected table covers every status and every action', () => {
    expect(header.slice(1)).toEqual([...CAMPAIGN_ACTIONS]);
    expect(new Set(Object.values(STATES).map((s) => s.status))).toEqual(new Set(CAMPAIGN_STATUSES));
    expect(cases).toHaveLength(Object.keys(STATES).length * CAMPAIGN_ACTIONS.length);
  });

  it.each(cases)('%s + %s → %s', (label, action, cell) => {
    const state = STATES[label];
    if (!state) throw new Error(`unknown state ${label}`);
    for (const mode of CAMPAIGN_MODES) {
      const plan = planTransition({ ...state, mode }, action);
      if (cell === '-') {
        expect(plan).toMatchObject({ ok: false, code: 'invalid_state' });
        if (!plan.ok) expect(plan.message.length).toBeGreaterThan(10);
      } else {
        const [nextStatus, coreCall = null] = cell.split(':');
        expect(plan).toMatchObject({ ok: true, nextStatus, coreCall });
      }
    }
  });

  it('never throws and always names a known status, for every flag combination', () => {
    for (const status of CAMPAIGN_STATUSES)
      for (const action of CAMPAIGN_ACTIONS)
        for (let bits = 0; bits < 16; bits++) {
          const plan = planTransition(
            makeCampaign(status, { submitted: !!(bits & 1), approved: !!(bits & 2), archived: !!(bits & 4), autoStart: !!(bits & 8) }),
            action,
          );
          if (plan.ok) expect(CAMPAIGN_STATUSES).toContain(plan.nextStatus);
          else expect(plan.message).toMatch(/\w/);
        }
  });
});

describe('planTransition: fields and messages', () => {
  const plan = (label: string, action: CampaignAction) => {
    const state = STATES[label];
    if (!state) throw new Error(label);
    return planTransition(state, action);
  };

  it.each([
    ['draft', 'submit', { submitted_at: 'now' }],
    ['draft', 'edit', {}],
    ['approved', 'edit', { approved_at: null, approved_by: null }],
    ['submitted_auto', 'approve', { approved_at: 'now', approved_by: 'actor' }],
    ['submitted_manual', 'approve', { approved_at: 'now', approved_by: 'actor' }],
    ['submitted_manual', 'reject', { rejection_reason: 'reason' }],
    ['approved', 'start', {}],
    ['Done', 'archive', { archived_at: 'now' }],
    ['archived_Done', 'restore', { archived_at: null }],
    ['Sending', 'cancel', {}],
  ] as const)('%s + %s sets %o', (label, action, set) => {
    expect(plan(label, action)).toMatchObject({ ok: true, set });
    const result = plan(label, action);
    if (result.ok) expect(result.set).toEqual(set);
  });

  it.each([
    ['Sending', 'archive', 'Stop the campaign before archiving it'],
    ['Paused', 'archive', 'Stop the campaign before archiving it'],
    ['archived_Done', 'archive', 'The campaign is already archived'],
    ['submitted_manual', 'submit', 'The campaign has already been submitted'],
    ['draft', 'approve', 'The campaign has not been submitted for approval'],
    ['approved', 'approve', 'The campaign has already been approved'],
    ['submitted_manual', 'start', 'The campaign must be approved before it can start'],
    ['Sending', 'edit', 'A campaign can only be edited while it is New (it is Sending)'],
    ['archived_draft', 'edit', 'Restore the campaign from the archive first'],
    ['Done', 'restore', 'The campaign is not archived'],
    ['Sending', 'delete', 'Cancel the campaign before deleting it'],
    ['Done', 'cancel', 'The campaign has already finished (Done)'],
  ] as const)('%s + %s → "%s"', (label, action, message) => {
    expect(plan(label, action)).toEqual({ ok: false, code: 'invalid_state', message });
  });

  it('returns a fresh set object each time', () => {
    const first = plan('draft', 'submit');
    if (first.ok) first.set.archived_at = null;
    expect(plan('draft', 'submit')).toMatchObject({ set: { submitted_at: 'now' } });
    expect(plan('draft', 'submit')).not.toMatchObject({ set: { archived_at: null } });
  });
});

describe('resolveFieldChanges', () => {
  it('fills in now, actor and reason and lists the unset fields', () => {
    expect(
      resolveFieldChanges(
        { approved_at: 'now', approved_by: 'actor', rejection_reason: 'reason', archived_at: null },
        { now: t, actorId: 'u1', reason: 'spam' },
      ),
    ).toEqual({ set: { approved_at: t, approved_by: 'u1', rejection_reason: 'spam' }, unset: ['archived_at'] });
  });

  it('refuses to set a reason that was not given', () => {
    expect(() => resolveFieldChanges({ rejection_reason: 'reason' }, { now: t, actorId: 'u1' })).toThrow(/reason/);
  });

  it('is empty for no changes', () => {
    expect(resolveFieldChanges({}, { now: t, actorId: 'u1' })).toEqual({ set: {}, unset: [] });
  });
});

describe('status classes', () => {
  it.each([
    ['New', false, false],
    ['Pending', false, true],
    ['Building', false, true],
    ['Sending', false, true],
    ['Paused', false, true],
    ['Done', true, false],
    ['Failed', true, false],
    ['Expired', true, false],
    ['Cancelled', true, false],
  ] as const)('%s: terminal %s, active %s', (status, terminal, active) => {
    expect(isTerminal(status)).toBe(terminal);
    expect(isActive(status)).toBe(active);
  });
});

describe('mapCoreStatus', () => {
  it.each([
    ['held', { status: 'New', approved: false }],
    ['ready', { status: 'New', approved: true }],
    ['scheduled', { status: 'Pending' }],
    ['building', { status: 'Building' }],
    ['sending', { status: 'Sending' }],
    ['paused', { status: 'Paused' }],
    ['done', { status: 'Done' }],
    ['failed', { status: 'Failed' }],
    ['expired', { status: 'Expired' }],
    ['cancelled', { status: 'Cancelled' }],
  ] as const)('%s → %o', (core, expected) => {
    expect(mapCoreStatus(core)).toEqual(expected);
  });

  it('knows exactly the Core statuses', () => {
    expect(CORE_JOB_STATUSES).toHaveLength(10);
    expect(isCoreJobStatus('ready')).toBe(true);
    expect(isCoreJobStatus('Ready')).toBe(false);
    expect(isCoreJobStatus('unknown')).toBe(false);
  });
});

describe('badgeFor', () => {
  it.each([
    ['draft', 'draft'],
    ['submitted_manual', 'awaiting_approval'],
    ['approved', 'approved_start'],
    ['Pending', 'Pending'],
    ['Sending', 'Sending'],
    ['rejected', 'Cancelled'],
    ['Done', 'Done'],
  ])('%s → %s', (label, badge) => {
    const state = STATES[label];
    if (!state) throw new Error(label);
    expect(badgeFor(state)).toBe(badge);
  });
});
