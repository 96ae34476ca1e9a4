import { EventEmitter } from 'node:events';
import type { CampaignStatus } from '../../domain/campaign-lifecycle.js';
import type { CampaignProgress } from './campaign-store.js';

export interface CampaignStatusEvent {
  type: 'status';
  workspace_id: string;
  external_id: string;
  status: CampaignStatus;
  previous: CampaignStatus;
  pause_reason: string | null;
  /** Core's error, when Core reported one (a status seen by the poller). */
  core_error?: string | null;
  /** The moderator's reason, on a rejection. */
  rejection_reason?: string | null;
  at: Date;
}

export interface CampaignProgressEvent {
  type: 'progress';
  workspace_id: string;
  external_id: string;
  status: CampaignStatus;
  progress: CampaignProgress;
}

export type CampaignEvent = CampaignStatusEvent | CampaignProgressEvent;

/**
 * In-process feed of campaign changes, for the live view (SSE). Listen on the workspace's hex id
 * (`campaignEvents.on(workspaceId, fn)`), or on `'*'` for every workspace. Each replica emits the
 * changes it applied itself (the status poller runs on one replica at a time); the event feed
 * carries them to the streams of the others, and reports another replica's status changes on
 * `'remote'` (the local poller listens, to look at a campaign another replica just started).
 */
class CampaignEvents extends EventEmitter {
  publish(event: CampaignEvent): void {
    this.emit(event.workspace_id, event);
    this.emit('*', event);
  }

  publishRemote(event: CampaignEvent): void {
    this.emit('remote', event);
  }
}

export const campaignEvents = new CampaignEvents();
campaignEvents.setMaxListeners(0);
