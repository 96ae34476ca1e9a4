// Deciding one join request inline: approving chooses the role and the moderator flag, rejecting takes
// a note the requester sees on their request-access page.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../domain/roles.js';
import { Field } from '../../components/field.js';
import { RoleSelect } from './role-select.js';

export type JoinDecision = { decision: 'approve'; role: Role; is_moderator: boolean } | { decision: 'reject'; note: string };

export function JoinDecisionForm({ kind, person, onSubmit, onCancel }: {
  kind: JoinDecision['decision'];
  person: string;
  onSubmit(d: JoinDecision): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>('author');
  const [isModerator, setIsModerator] = useState(false);
  const [note, setNote] = useState('');
  function submit(e: FormEvent) {
    e.preventDefault();
    void onSubmit(kind === 'approve' ? { decision: 'approve', role, is_moderator: role === 'author' && isModerator } : { decision: 'reject', note: note.trim() });
  }
  return (
    <form className="reason-form" onSubmit={submit} noValidate aria-label={t(kind === 'approve' ? 'joinDecision.approveWho' : 'joinDecision.rejectWho', { name: person })} data-testid={`join-${kind}-form`}>
      {kind === 'approve' ? (
        <>
          <Field label={t('settings.role')}>{(p) => <RoleSelect id={p.id} value={role} onChange={setRole} />}</Field>
          <label className="check">
            <input type="checkbox" name="is_moderator" checked={role === 'author' && isModerator} disabled={role !== 'author'} onChange={(e) => setIsModerator(e.target.checked)} />
            {t('joinDecision.alsoModerates')}
          </label>
        </>
      ) : (
        <Field label={t('joinDecision.note')} hint={t('joinDecision.noteHint')}>
          {(p) => <textarea {...p} name="note" rows={2} maxLength={1000} autoFocus value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
      )}
      <div className="row">
        <button type="submit" className={`btn btn-small ${kind === 'approve' ? 'btn-primary' : 'btn-danger'}`}>{t(kind === 'approve' ? 'joinDecision.confirmApprove' : 'joinDecision.confirmReject')}</button>
        <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
