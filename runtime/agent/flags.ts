// Slots of the Int32Array (over a SharedArrayBuffer) shared by the debuggee's main thread and
// the agent worker. The worker writes most of them; the main thread waits on and reads them.

/** Bumped (and notified) by the worker after every message it posts to the main thread. */
export const SIGNAL = 0;
/** Set to 1 by the worker when the adapter asks for a pause; pollPause clears it when it reads 1. */
export const PAUSE = 1;
/** Set to 1 by the worker when it posted a message; pollPause clears it and drains the port. */
export const PENDING = 2;
/** Set to 1 by the worker when the socket has taken every write before a 'flush'. */
export const FLUSHED = 3;
/** 1 while mixed mode is on (the worker's Debugger domain is enabled): stops use the V8 trampoline. */
export const MIXED = 4;

/** 1 once the producer attached with an interrupt (AttachOptions): the worker interrupts the
 *  main thread when it queues a message while the guest may be running. */
export const INTERRUPTIBLE = 5;

export const FLAG_COUNT = 6;
