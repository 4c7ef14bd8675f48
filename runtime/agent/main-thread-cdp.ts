// The worker's CDP session to the debuggee's main thread. The main thread may be blocked in
// Atomics.wait (a script stop): CDP messages reach it only when it runs JS, so every command wakes
// its serve loop once (a spurious wakeup). A reply may also wait on the main thread leaving a V8
// pause and blocking again, so the wakeups repeat every millisecond until every command has been
// answered.
import { Cdp } from '../wasm/cdp.js';
import { SIGNAL } from './flags.js';

export function connectMainThread(flags: Int32Array): Cdp {
  const cdp = new Cdp('main-thread').connect();
  const post = cdp.post.bind(cdp);
  let outstanding = 0;
  let timer: NodeJS.Timeout | undefined;
  const kick = () => {
    Atomics.add(flags, SIGNAL, 1);
    Atomics.notify(flags, SIGNAL);
  };
  cdp.post = <T>(method: string, params?: object) => {
    outstanding++;
    const reply = post<T>(method, params);
    kick();
    timer ??= setInterval(kick, 1);
    const done = () => {
      if (--outstanding === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    };
    reply.then(done, done);
    return reply;
  };
  return cdp;
}
