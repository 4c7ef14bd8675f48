// `node dist/adapters/dap/main.js`: the debug adapter on stdio (what VS Code and DebugClient spawn).
// `--guest-only`: the operator's policy, every session hides the host (adapters/dap/guest-only.ts).
import { serveDap } from './serve.js';

await serveDap({ guestOnly: process.argv.includes('--guest-only') });
