import path from 'node:path';
import { UsageError } from '../../errors.js';
import { exampleVariant, guessLanguage, guessTimeZone, isTimeZone } from '../../init/guess.js';
import { scaffold } from '../../init/scaffold.js';
import { readGithubTemplates, writeNewFiles } from '../../init/write-files.js';
import { readPackageVersion } from '../../version.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../context.js';

const usage = `Usage: broadsheet init [DIR] [options]

Starts a publication in DIR (default: this folder): broadsheet.yaml with a comment on
every key, an example article, a .gitignore and, with --github, the GitHub Actions
workflows that publish the feeds and send the newsletter. Never replaces a file: when
any of them exists, it names them all and writes nothing.

Options:
  --language TAG   The publication's language, e.g. en, zh-CN, zh-TW
                   (default: from LC_ALL, LC_MESSAGES or LANG, else en)
  --timezone ZONE  IANA time zone, e.g. Asia/Shanghai (default: TZ, else the system's)
  --title TEXT     The publication's name (default: an example title)
  --url URL        Where the site will be served (default: a placeholder)
  --github         Also write .github/workflows/publish.yml and newsletter.yml
  -h, --help       Show this help`;

const command: Command = {
  summary: 'Start a publication: config, an example article, .gitignore, workflows',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      'init',
      argv,
      { language: { type: 'string' }, timezone: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, github: { type: 'boolean' } },
      true,
    );
    if (positionals.length > 1) throw new UsageError(`init takes one folder, got ${positionals.length}: ${positionals.join(' ')}`, 'Run "broadsheet init DIR".');
    const language = values.language ?? guessLanguage(ctx.env);
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) throw new UsageError(`--language "${language}" is not a BCP 47 language tag`, 'Write it like en, zh-CN or zh-TW.');
    const timezone = values.timezone ?? guessTimeZone(ctx.env, Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (!isTimeZone(timezone)) throw new UsageError(`--timezone "${timezone}" is not an IANA time zone`, 'Write it like Asia/Shanghai, Europe/Berlin or UTC.');
    if (values.url !== undefined && !(/^https?:\/\/[^/]/i.test(values.url) && URL.canParse(values.url))) {
      throw new UsageError(`--url "${values.url}" is not an absolute http(s) URL`, 'Write it like https://example.com/.');
    }
    if (values.title !== undefined && values.title.trim() === '') throw new UsageError('--title is empty', 'Give the publication a name, e.g. --title "Weekly Notes".');
    const dir = path.resolve(ctx.cwd, positionals[0] ?? '.');
    const version = readPackageVersion();
    const files = scaffold({
      language,
      timezone,
      title: values.title,
      url: values.url,
      github: values.github ?? false,
      now: ctx.clock.now(),
      version,
      ...(values.github ? { githubTemplates: readGithubTemplates() } : {}),
    });
    const shown = (file: string): string => {
      const rel = path.relative(ctx.cwd, file);
      return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
    };
    const written = writeNewFiles(dir, files, shown);
    const guessed = [values.language ? '' : 'language', values.timezone ? '' : 'time zone'].filter(Boolean);
    ctx.stdout(`Started a publication in ${dir} (${language}, ${timezone}${guessed.length ? `; ${guessed.join(' and ')} guessed from the environment` : ''}${exampleVariant(language) === 'en' && !language.startsWith('en') ? '; example article in English' : ''}):`);
    for (const file of written) ctx.stdout(`  ${shown(file)}`);
    ctx.stdout('');
    ctx.stdout('Next:');
    if (positionals[0] !== undefined) ctx.stdout(`  cd ${shown(dir)}`);
    ctx.stdout('  broadsheet build     # feeds into public/');
    ctx.stdout('  broadsheet digest    # the email subscribers would get, into public/digests/preview/');
    ctx.stdout('  broadsheet check     # every problem in config, articles and templates');
    ctx.stdout('  broadsheet preview   # the feeds and the email in a browser, reloading on edits');
    ctx.stdout('Replace the PLACEHOLDER values in broadsheet.yaml before the first "broadsheet send".');
    return 0;
  },
};
export default command;
