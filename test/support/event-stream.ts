/**
 * Reads a server-sent event stream over real HTTP, the way a display's EventSource does, and lets a
 * test wait for the next event of a kind.
 */
export interface StreamEvent {
  event: string;
  data: any;
  receivedAt: number;
}

export interface EventStreamReader {
  status: number;
  contentType: string;
  /** Resolves with the first event of `kind` after those already taken (optionally matching). */
  next(kind: string, match?: (data: any) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  close(): void;
}

export async function openEventStream(url: string): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  let taken = 0;
  if (response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (data.length === 0) continue;
            events.push({ event, data: JSON.parse(data.join('\n')), receivedAt: performance.now() });
            for (const wake of [...waiters]) wake();
          }
        }
      } catch {
        // Closed by the test.
      }
    })();
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    next(kind, match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          for (let i = taken; i < events.length; i++) {
            if (events[i]!.event === kind && match(events[i]!.data)) {
              taken = i + 1;
              waiters.delete(look);
              clearTimeout(timer);
              resolve(events[i]!);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(
            new Error(
              `no ${kind} event within ${timeoutMs} ms (got ${
                events
                  .slice(taken)
                  .map((e) => e.event)
                  .join(', ') || 'nothing'
              })`,
            ),
          );
        }, timeoutMs);
        waiters.add(look);
        look();
      });
    },
    close: () => controller.abort(),
  };
}
