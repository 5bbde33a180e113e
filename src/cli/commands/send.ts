import type { Command } from '../context.js';
import { BroadsheetError } from '../../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
const command: Command = {
  summary: 'send',
  usage: 'Usage: broadsheet send',
  async run() {
    throw new BroadsheetError({ code: 'NotImplemented', message: 'broadsheet send is not implemented yet' });
  },
};
export default command;
