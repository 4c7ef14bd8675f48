// A promise-shaped wrapper over node:inspector's Session. In the agent's worker it connects to the
// debuggee's main thread (connectToMainThread, Node >= 20), so CDP is driven while the main thread
// runs (or is paused in) Wasm. Knows nothing about Wasm or scripts.
import { Session } from 'node:inspector';

export type CdpListener = (params: any) => void;

export class Cdp {
  private session = new Session();
  private connected = false;
  private readonly listeners: Array<[string, (message: { params: unknown }) => void]> = [];

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
      const send = () => this.session.post(method, params ?? {}, (error: Error | null, result?: unknown) => {
        if (error) reject(new CdpError(method, error));
        else resolve(result as T);
      });
      try {
        send();
      } catch (e) {
        // Seen under load: a connectToMainThread session found disconnected before its first
        // command. Reconnect once (listeners kept) and retry; a second failure is reported.
        if (!this.connected || (e as { code?: string }).code !== 'ERR_INSPECTOR_NOT_CONNECTED') return reject(e);
        try {
          this.reconnect();
          send();
        } catch (again) {
          reject(again);
        }
      }
    });
  }

  on(event: string, listener: CdpListener): void {
    const wrapped = (message: { params: unknown }) => listener(message.params);
    this.listeners.push([event, wrapped]);
    this.session.on(event, wrapped);
  }

  private reconnect(): void {
    this.session = new Session();
    for (const [event, wrapped] of this.listeners) this.session.on(event, wrapped);
    if (this.target === 'main-thread') this.session.connectToMainThread();
    else this.session.connect();
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
