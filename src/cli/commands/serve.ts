import type { Command } from '../context.js';
import { BroadsheetError } from '../../errors.js';

// Placeholder until the command lands; it fails loudly rather than pretending.
const command: Command = {
  summary: 'serve',
  usage: 'Usage: broadsheet serve',
  async run() {
    throw new BroadsheetError({ code: 'NotImplemented', message: 'broadsheet serve is not implemented yet' });
  },
};
export default command;
