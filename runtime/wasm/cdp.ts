// A promise-shaped wrapper over node:inspector's Session. In the agent's worker it connects to the
// debuggee's main thread (connectToMainThread, Node >= 20), so CDP is driven while the main thread
// runs (or is paused in) Wasm. Knows nothing about Wasm or scripts.
import { Session } from 'node:inspector';

export type CdpListener = (params: any) => void;

export class Cdp {
  private readonly session = new Session();
  private connected = false;

  /** `main-thread`: from a worker, attach to the main thread; `self`: this thread's own isolate
   *  (only useful for tests of things that never pause: a thread cannot serve its own pause). */
  constructor(readonly target: 'main-thread' | 'self' = 'main-thread') {}

  connect(): this {
    if (this.connected) return this;
    if (this.target === 'main-thread') this.session.connectToMainThread();
    else this.session.connect();
    this.connected = true;
    return this;
  }

  post<T = any>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => {
      // Node's Session.post throws "Session is not connected" only before connect() or after
      // disconnect(): a post on a disconnected Cdp is a caller holding a stale object.
      if (!this.connected) return reject(new CdpError(method, new Error('the inspector session is disconnected')));
      try {
        this.session.post(method, params ?? {}, (error: Error | null, result?: unknown) => {
          if (error) reject(new CdpError(method, error));
          else resolve(result as T);
        });
      } catch (e) {
        reject(e);
      }
    });
  }

  on(event: string, listener: CdpListener): void {
    this.session.on(event, (message: { params: unknown }) => listener(message.params));
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.session.disconnect();
  }
}

export class CdpError extends Error {
  constructor(readonly method: string, cause: Error) {
    super(`${method}: ${cause.message}`);
  }
}
