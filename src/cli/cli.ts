/**
 * The command line: flags parsed by yargs, then handed to one function per command. `runCli` takes
 * the arguments and where to print, and returns the exit code, so tests call it directly.
 */
import yargs, { type Argv } from 'yargs';
import { corrsimVersion } from '../batch/version.js';
import { EXIT_OK, internalError, shellQuote, usageError, type CliIo } from './io.js';
import { defaultWorkers, runCommand, type RunArgs } from './run.js';
import { scenariosCommand } from './scenarios.js';

export type { CliIo } from './io.js';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    let parsed: { args: Record<string, unknown>; output: string };
    try {
      parsed = await parse(buildParser(io), argv);
    } catch (error) {
      // No command runs inside yargs, so whatever it rejects is the user's input.
      return usageError(io, [explainYargsError(error instanceof Error ? error.message : String(error), argv)]);
    }
    // Help and version: yargs hands back the text instead of printing it.
    if (parsed.output !== '') {
      io.stdout.write(parsed.output.endsWith('\n') ? parsed.output : parsed.output + '\n');
      return EXIT_OK;
    }
    const command = ['corrsim', ...argv].map(shellQuote).join(' ');
    const args = parsed.args;
    switch (args._ instanceof Array ? String(args._[0]) : '') {
      case 'run':
        return await runCommand(args as unknown as RunArgs, command, io);
      case 'scenarios':
        return scenariosCommand(io);
      default:
        return usageError(io, ['name a command: run or scenarios (see corrsim --help)']);
    }
  } catch (error) {
    return internalError(io, 'internal error', error);
  }
}

function buildParser(io: CliIo): Argv {
  const width = Math.min(100, io.stderr.columns ?? 100);
  return yargs()
    .scriptName('corrsim')
    .usage('Usage: $0 <command> [options]\n\nDiscrete-event simulation of the Norwegian prison system.')
    .command('run [scenario]', 'Run a Monte Carlo batch of one scenario and write its output folder', runOptions)
    .command('scenarios', 'List the built-in scenarios with a one-line description each', (y) =>
      y.usage('Usage: $0 scenarios\n\nList the built-in scenarios with a one-line description each.'),
    )
    .demandCommand(1, 'name a command: run or scenarios (see corrsim --help)')
    // Values stay strings, so that run.ts can quote a bad one back; no type tag in the help.
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false })
    .strict()
    .help()
    .alias('help', 'h')
    .version(corrsimVersion())
    .exitProcess(false)
    .fail(false)
    .wrap(width);
}

function runOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 run [scenario] [options]\n\n' +
        'Run a Monte Carlo batch of one scenario and write summary.json, replications.csv,\n' +
        'timeseries.csv and cohorts.csv to the output folder. SCENARIO is a YAML or JSON file or the\n' +
        'name of a built-in scenario (see corrsim scenarios).',
    )
    .positional('scenario', { type: 'string', default: 'norway-baseline', describe: 'Scenario file or built-in name' })
    .option('replications', { alias: 'n', describe: 'Replications, an integer ≥ 1 [default: the scenario’s run.replications]' })
    .option('seed', { alias: 's', describe: 'Master seed, an integer ≥ 0 [default: the scenario’s run.seed]' })
    .option('years', { describe: 'Measured horizon, years [default: the scenario’s run.years]' })
    .option('warmup-years', { describe: 'Simulated before measuring, years [default: the scenario’s run.warmupYears]' })
    .option('out', { alias: 'o', describe: 'Output folder [default: outputs/<scenario name>]' })
    .option('workers', {
      alias: 'j',
      describe: `Worker threads, an integer ≥ 1; 1 runs in the main thread [default: available cores, ${defaultWorkers()}]`,
    })
    .option('replication', {
      describe: 'Run only replication R (0-based, as in replications.csv) of the batch, e.g. to rerun one that failed',
    })
    .option('set', { describe: 'Override one scenario field, PATH=VALUE (repeatable), e.g. --set programs.education.slots=400' })
    .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
    .option('json', { type: 'boolean', describe: 'Print summary.json to stdout instead of the table' })
    .example('$0 run', 'the Norway baseline, written to outputs/norway-baseline/')
    .example('$0 run my-policy.yaml -n 40 -s 7 -o results/policy', '')
    .example('$0 run --set sentencing.lengthMultiplier=1.5 --years 5', '');
}

/** yargs.parse with a callback, so that help and version text come back instead of being printed. */
function parse(parser: Argv, argv: readonly string[]): Promise<{ args: Record<string, unknown>; output: string }> {
  return new Promise((resolve, reject) => {
    try {
      parser.parse([...argv], {}, (error: Error | undefined, args: Record<string, unknown>, output: string) => {
        if (error) reject(error);
        else resolve({ args, output: output ?? '' });
      });
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * yargs says "Unknown argument: frob"; say which flag or word that was as the user typed it,
 * so `--frob` reads as an unknown option and a stray word as an unexpected argument.
 */
export function explainYargsError(message: string, argv: readonly string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown === null) return message.split('\n', 1)[0];
  const names = unknown[1].split(', ');
  const options: string[] = [];
  const words: string[] = [];
  for (const name of names) {
    const long = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `--no-${name}`);
    if (long !== undefined) options.push(long.split('=', 1)[0]);
    else if (name.length === 1 && argv.some((a) => /^-[^-]/.test(a) && a.includes(name))) options.push(`-${name}`);
    else if (argv.includes(name)) words.push(name);
    else options.push(name.length === 1 ? `-${name}` : `--${name}`);
  }
  const parts: string[] = [];
  const commandWord = words.length > 0 && argv.find((a) => !a.startsWith('-')) === words[0];
  if (commandWord) parts.push(`unknown command '${words.shift()}' (commands: run, scenarios)`);
  if (options.length > 0) parts.push(`unknown option${options.length > 1 ? 's' : ''} ${options.join(', ')}`);
  if (words.length > 0) parts.push(`unexpected argument${words.length > 1 ? 's' : ''} ${words.map((w) => `'${w}'`).join(', ')}`);
  return parts.join('; ') + ' (see --help)';
}
