#!/usr/bin/env node
// The `studio` command. The CLI is TypeScript like the rest of the code base: the tsx loader
// is registered in-process (no build step), then the real entry point is imported.
import './register.mjs';

const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: stdout is already flushed, and a native handle (ORT, Temporal) must not
// keep a finished command alive.
process.exit(code);
