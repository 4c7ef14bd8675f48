// `node dist/adapters/dap/main.js`: the debug adapter on stdio (what VS Code and DebugClient spawn).
import { serveDap } from './serve.js';

await serveDap({});
