// Reads a server-sent-events response the way EventSource does, keeping every event for the test.
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
}

export async function openSse(url: string, cookie: string | null, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}), ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  const endedPromise = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const e: SseEvent = { id: null, event: 'message', data: '' };
        let isEvent = false;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
            continue;
          }
          if (line.startsWith('id: ')) e.id = line.slice(4);
          else if (line.startsWith('event: ')) e.event = line.slice(7);
          else if (line.startsWith('data: ')) e.data += line.slice(6);
          else continue;
          isEvent = true;
        }
        if (isEvent) events.push(e);
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => (ended = true));
  return {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    ended: endedPromise,
    isEnded: () => ended,
    close: () => abort.abort(),
    async waitFor(match, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const found = events.find(match);
        if (found) return found;
        if (ended) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`no matching event in ${timeoutMs} ms; saw ${JSON.stringify(events.map((e) => [e.event, e.data.slice(0, 120)]))}`);
    },
  };
}
