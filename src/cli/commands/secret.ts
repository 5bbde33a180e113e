import type { Command } from '../context.js';
import { parseCommandArgs } from '../args.js';
import { MIN_SECRET_BYTES, newSecret } from '../../email/secret.js';

const usage = `Usage: broadsheet secret

Prints a fresh random signing key for BROADSHEET_SECRET (${MIN_SECRET_BYTES} random bytes,
base64url). Set it once, as a secret of your CI or service, and keep it: changing it
breaks the unsubscribe and preferences links in every email already sent.

Example: broadsheet secret > .broadsheet-secret && chmod 600 .broadsheet-secret`;

const command: Command = {
  summary: 'Print a fresh random key for BROADSHEET_SECRET',
  usage,
  async run(argv, ctx) {
    // --config is taken like every command's, though a fresh key depends on no config.
    parseCommandArgs('secret', argv, { config: { type: 'string' } });
    ctx.stdout(newSecret());
    return 0;
  },
};
export default command;
