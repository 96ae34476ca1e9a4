// The workspace's server-sent events (GET /api/w/{slug}/events): campaign progress and status changes.
import { useEffect, useRef } from 'react';

export interface CampaignEvent {
  external_id: string;
  status?: string;
  progress?: { total: number; sent: number; delivered: number; failed: number; updated_at?: string | null };
  [key: string]: unknown;
}

const EVENT_NAMES = ['message', 'progress', 'status', 'upload'];

/**
 * Calls `onEvent` for each campaign event, with its name (`progress`, `status`, `upload`…); EventSource reconnects by itself after a drop (with
 * Last-Event-ID). When the server cannot replay what was missed it sends `resync`, and
 * `onResync` reloads from the API instead.
 */
export function useWorkspaceEvents(slug: string, onEvent: (e: CampaignEvent, name: string) => void, onResync?: () => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const resync = useRef(onResync);
  resync.current = onResync;
  useEffect(() => {
    if (!slug) return;
    const source = new EventSource(`/api/w/${encodeURIComponent(slug)}/events`);
    const listener = (message: MessageEvent<string>) => {
      try {
        const parsed = JSON.parse(message.data) as CampaignEvent | { campaign?: CampaignEvent };
        const event = 'campaign' in parsed && parsed.campaign && typeof parsed.campaign === 'object' ? { ...parsed, ...parsed.campaign } : parsed;
        if (typeof (event as CampaignEvent).external_id === 'string') handler.current(event as CampaignEvent, message.type);
      } catch {
        // heartbeats and comments carry no JSON
      }
    };
    for (const name of EVENT_NAMES) source.addEventListener(name, listener as EventListener);
    source.addEventListener('resync', () => resync.current?.());
    return () => source.close();
  }, [slug]);
}
