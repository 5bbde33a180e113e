#!/usr/bin/env node
import { runMain } from './main.js';

// The only module that touches process: signals become an AbortSignal, the exit
// code is set rather than forced so pending writes and sockets finish.
const controller = new AbortController();
let signals = 0;
const onSignal = (sig: NodeJS.Signals): void => {
  signals += 1;
  if (signals > 1) process.exit(130);
  process.stderr.write(`\nReceived ${sig}: finishing work in flight (press Ctrl-C again to stop now)\n`);
  controller.abort(sig);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await runMain(process.argv.slice(2), { signal: controller.signal });
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
